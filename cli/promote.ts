// `npm run promote -- --from dev --to staging [--write] [--json|--markdown]`: shows what
// promoting one stack's config into the next changes, never copies environment-specific values
// or secrets, and lists the secrets the target still lacks. Writes only with --write.

import "./lib/fastStart";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/errors";
import { promote, type PromoteOptions } from "./lib/promoteReport";
import { renderPromotionMarkdown, renderPromotionText } from "./lib/renderPromotion";
import { StackFileError } from "./lib/stackFile";
import { processIO, type CliIO } from "./plan";
import { runIfMain } from "./lib/entry";

const USAGE =
  "usage: npm run promote -- --from <stack> --to <stack> [--write] [--json | --markdown]";

/**
 * Runs the command; returns the exit code: 0 ok, 1 a config does not validate (the source, or
 * the promoted target: nothing is written), 2 usage or unreadable stack file.
 */
export async function runPromoteCli(
  argv: string[],
  io: CliIO = processIO,
  defaults: Partial<PromoteOptions> = {},
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        from: { type: "string" },
        to: { type: "string" },
        write: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
      },
    }).values;
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!args.from || !args.to || (args.json && args.markdown)) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  if (args.from === args.to) {
    io.err(`--from and --to name the same stack (${args.from})\n${USAGE}\n`);
    return 2;
  }
  try {
    const report = await promote({ ...defaults, from: args.from, to: args.to, write: args.write });
    io.out(
      args.json
        ? JSON.stringify(report, null, 2) + "\n"
        : args.markdown
          ? renderPromotionMarkdown(report)
          : renderPromotionText(report),
    );
    io.err(
      `promote: ${report.from} → ${report.to} · ${report.config.changes.length} config changes · ` +
        `${report.missingSecrets.length} secrets to set · ` +
        `${report.written ? "written" : "not written"}\n`,
    );
    return report.config.problems.length > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`cannot promote from an invalid stack: ${e.message}\n`);
      return 1;
    }
    if (e instanceof StackFileError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

runIfMain(module, "promote", (argv) => runPromoteCli(argv));
