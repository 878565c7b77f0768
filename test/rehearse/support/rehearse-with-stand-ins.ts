// A real process that runs `rehearse` with the Pulumi STAND-IN and the stand-in simulators, so a
// test can send it a real SIGINT. Usage: node --import tsx <this> <tmpRoot> [rehearse args…]

import { main } from "../../../cli/rehearse";
import { startStandInSims } from "./standInSims";

const [tmpRoot, ...argv] = process.argv.slice(2);
main(argv, {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  startSims: async (o) => {
    const sims = await startStandInSims(o);
    process.stderr.write(`sims-started ${sims.okta.url}\n`);
    return sims;
  },
  planScopes: async () => ["okta.apps.manage"],
  tmpRoot: tmpRoot!,
}).then((code) => {
  process.exitCode = code;
});
