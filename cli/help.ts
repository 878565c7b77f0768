// `node cli/run.cjs [--help | <command>]` for a command that does not exist: the list of commands,
// and the one meant by a near-miss name.

import { didYouMean } from "../config/suggest";
import { COMMAND_SPECS } from "./lib/commands";
import { EXIT, processOutput, type CliOutput } from "./lib/entry";

function list(): string {
  const width = Math.max(...COMMAND_SPECS.map((s) => s.name.length));
  return [
    "usage: npm run <command> -- [options]   (npm run <command> -- --help for its options)",
    "",
    "Commands:",
    ...COMMAND_SPECS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary.split(/(?<=\.) /)[0]}`),
    "",
  ].join("\n");
}

export async function main(
  argv: readonly string[],
  io: CliOutput = processOutput,
): Promise<number> {
  const [given] = argv;
  if (given === undefined || given === "--help" || given === "-h" || given === "help") {
    io.stdout(list());
    return given === undefined ? EXIT.usage : EXIT.ok;
  }
  const names = COMMAND_SPECS.map((s) => s.name);
  io.stderr(`unknown command ${JSON.stringify(given)}${didYouMean(given, names)}\n\n${list()}`);
  return EXIT.usage;
}
