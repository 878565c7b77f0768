// `npm run promote -- --from dev --to staging [--write] [--json|--markdown]`: shows what
// promoting one stack's config into the next changes, never copies environment-specific values
// or secrets, and lists the secrets the target still lacks. Writes only with --write.

import "./lib/fastStart";
import { ConfigError } from "../config/errors";
import { ProjectError } from "../config/project";
import { helpText, parseCommand, usageMessage } from "./lib/args";
import { PROMOTE_COMMAND } from "./lib/commands";
import { EXIT, runIfMain, UsageError } from "./lib/entry";
import { promote, type PromoteOptions } from "./lib/promoteReport";
import { renderPromotionMarkdown, renderPromotionText } from "./lib/renderPromotion";
import { StackFileError } from "./lib/stackFile";
import { processIO, type CliIO } from "./plan";

/** Runs the command; returns the exit code (EXIT; PROMOTE_COMMAND's notes say which). */
export async function runPromoteCli(
  argv: string[],
  io: CliIO = processIO,
  defaults: Partial<PromoteOptions> = {},
): Promise<number> {
  try {
    const args = parseCommand(PROMOTE_COMMAND, argv);
    if (args === "help") {
      io.out(helpText(PROMOTE_COMMAND));
      return EXIT.ok;
    }
    const dir = args["stacks-dir"];
    const report = await promote({
      ...defaults,
      ...(dir === undefined ? {} : { stacksDir: dir }),
      from: args.from!,
      to: args.to!,
      write: args.write,
    });
    io.out(
      args.json
        ? JSON.stringify(report, null, 2) + "\n"
        : args.markdown
          ? renderPromotionMarkdown(report)
          : renderPromotionText(report),
    );
    for (const w of report.warnings) io.err(`promote: warning: ${w}\n`);
    io.err(
      `promote: ${report.from} → ${report.to} · ${report.config.changes.length} config changes · ` +
        `${report.missingSecrets.length} secrets to set · ` +
        `${report.written ? "written" : "not written"}\n`,
    );
    return report.config.problems.length > 0 ? EXIT.problems : EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(usageMessage(PROMOTE_COMMAND, e.message));
      return EXIT.usage;
    }
    if (e instanceof ConfigError) {
      io.err(`cannot promote from an invalid stack: ${e.message}\n`);
      return EXIT.problems;
    }
    if (e instanceof StackFileError || e instanceof ProjectError) {
      io.err(`promote: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

runIfMain(module, "promote", (argv) => runPromoteCli(argv));
