// `npm run plan -- --stack <name> [--json|--markdown]`: the offline main job. Evaluates the real
// program under Pulumi's mock runtime with the stack's config and prints what it declares.

import "./lib/fastStart";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/errors";
import { mandatoryCount } from "./lib/planPolicy";
import { buildPlan, type PlanOptions, type PlanReport } from "./lib/planReport";
import { renderMarkdown, renderText } from "./lib/renderPlan";
import { StackFileError } from "./lib/stackFile";
import { runIfMain } from "./lib/entry";

const USAGE = "usage: npm run plan -- --stack <name> [--json | --markdown]";

export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/**
 * Runs the command; returns the exit code (0 ok, 1 invalid config, 2 usage, 3 mandatory policy
 * violations: the report is still printed). `build` is replaceable for tests.
 */
export async function runPlanCli(
  argv: string[],
  io: CliIO = processIO,
  build: (options: PlanOptions) => Promise<PlanReport> = buildPlan,
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        stack: { type: "string", short: "s" },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
        // For tooling (benchmarks, tests): read stack files from another directory.
        "stacks-dir": { type: "string" },
      },
    }).values;
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!args.stack || (args.json && args.markdown)) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  try {
    const dir = args["stacks-dir"];
    const report = await build(
      dir === undefined ? { stack: args.stack } : { stack: args.stack, stacksDir: dir },
    );
    io.out(
      args.json
        ? JSON.stringify(report, null, 2) + "\n"
        : args.markdown
          ? renderMarkdown(report)
          : renderText(report),
    );
    io.err(
      `plan: stack ${report.stack} · ${report.counts.total} resources · ` +
        `${report.deployerScopes.scopes.length} deployer scopes · ` +
        `${report.policy.findings.length} policy findings · ` +
        `${report.missingSecrets.length} secrets to set · ${process.uptime().toFixed(2)} s\n`,
    );
    const mandatory = mandatoryCount(report.policy);
    if (mandatory > 0) {
      io.err(`plan: ${mandatory} mandatory policy violation(s); see "Policy" above\n`);
      return 3;
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      if (args.json) {
        io.out(
          JSON.stringify(
            { version: 1, stack: args.stack, ok: false, problems: e.problems },
            null,
            2,
          ) + "\n",
        );
      }
      io.err(`${e.message}\n`);
      return 1;
    }
    if (e instanceof StackFileError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

runIfMain(module, "plan", (argv) => runPlanCli(argv));
