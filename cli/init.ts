// `npm run init -- --stack <name> --org <orgName> [--base-url <domain>] [--from dev]`: writes a
// new stack file in an example's shape (cli/lib/initStack.ts) and prints what to fill in and the
// commands that follow, in order. Options and exit codes: INIT_COMMAND in cli/lib/commands.ts.

import { ProjectError } from "../config/project";
import { helpText, parseCommand, usageMessage } from "./lib/args";
import { INIT_COMMAND } from "./lib/commands";
import { EXIT, processOutput, runIfMain, UsageError, type CliOutput } from "./lib/entry";
import { initStack, type InitOptions, type InitResult } from "./lib/initStack";
import { StackFileError } from "./lib/stackFile";

export function renderInit(r: InitResult): string {
  const width = Math.max(0, ...r.fill.map((f) => f.key.length));
  return [
    `Wrote ${r.file}: stack ${r.stack} (${r.environment}) for ${r.orgUrl}, in the shape of ${r.from}.`,
    "",
    ...(r.fill.length === 0
      ? ["Nothing to fill in."]
      : [
          `Fill in (${r.fill.length}), each marked FILL-ME in the file; until then plan lists them:`,
          ...r.fill.map((f) => `  ${f.key.padEnd(width)}  ${f.description}`),
        ]),
    ...(r.derived.length === 0
      ? []
      : [
          "",
          "Check (renamed for this stack):",
          ...r.derived.map((d) => `  ${d.key} = ${JSON.stringify(d.value)}`),
        ]),
    "",
    "Then, in order:",
    ...r.next.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c}`),
    "",
  ].join("\n");
}

export async function main(
  argv: readonly string[],
  io: CliOutput = processOutput,
): Promise<number> {
  try {
    const args = parseCommand(INIT_COMMAND, argv);
    if (args === "help") {
      io.stdout(helpText(INIT_COMMAND));
      return EXIT.ok;
    }
    const options: InitOptions = {
      stack: args.stack!,
      org: args.org!,
      ...(args["base-url"] === undefined ? {} : { baseUrl: args["base-url"] }),
      ...(args.from === undefined ? {} : { from: args.from }),
      ...(args.environment === undefined ? {} : { environment: args.environment }),
      ...(args["stacks-dir"] === undefined ? {} : { stacksDir: args["stacks-dir"] }),
    };
    io.stdout(renderInit(await initStack(options)));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(usageMessage(INIT_COMMAND, e.message));
      return EXIT.usage;
    }
    if (e instanceof StackFileError || e instanceof ProjectError) {
      io.stderr(`init: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

runIfMain(module, "init", (argv) => main(argv));
