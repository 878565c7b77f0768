// `npm run plan -- --stack <name> [--json|--markdown] [--against <plan.json> | --base <ref>]`:
// the offline main job. Type-checks the program as the engine would, evaluates it under Pulumi's
// mock runtime with the stack's config and prints what it declares, or what it changes.

import "./lib/fastStart";
import path from "node:path";
import { ConfigError } from "../config/errors";
import { ProjectError, readProjectFile } from "../config/project";
import { helpText, parseCommand, usageMessage, type CommandSpec } from "./lib/args";
import { planAtRef, readEarlierPlan, type EarlierPlan } from "./lib/earlierPlan";
import { EXIT, runIfMain, UsageError } from "./lib/entry";
import { readEscValues } from "./lib/esc";
import { diffPlans } from "./lib/planDiff";
import { mandatoryCount } from "./lib/planPolicy";
import { buildPlan, type PlanOptions, type PlanReport } from "./lib/planReport";
import { renderMarkdown, renderText } from "./lib/renderPlan";
import { REPO_ROOT, StackFileError } from "./lib/stackFile";
import { typeCheck, type TypeCheckOptions, type TypeCheckResult } from "./lib/typecheck";

export const PLAN_COMMAND = {
  name: "plan",
  summary:
    "Type-checks the program, evaluates it offline under Pulumi's mock runtime with a stack's " +
    "config, and prints every resource, the deployer's Okta scopes, policy findings and the " +
    "secrets still to set; with --against or --base, what changes.",
  usage: [
    "--stack <name> [--json | --markdown] [--against <plan.json> | --base <git-ref>]",
    "[--esc-values <file>]...",
  ],
  options: {
    stack: {
      type: "string",
      short: "s",
      value: "<name>",
      help: "stack: dev, or <org>/<stack>, or <org>/<project>/<stack> (as pulumi --stack)",
    },
    json: { type: "boolean", help: "print the report as JSON (docs/PLAN.md)" },
    markdown: { type: "boolean", help: "print the report as Markdown (PR comment, job summary)" },
    against: {
      type: "string",
      value: "<plan.json>",
      help: "compare with an earlier plan --json of this stack",
    },
    base: {
      type: "string",
      value: "<git-ref>",
      help: "compare with the plan that <git-ref>'s code makes (in a temporary git worktree)",
    },
    "esc-values": {
      type: "string",
      multiple: true,
      value: "<file>",
      help: "the JSON of esc env open <env> for the stack's ESC environments (repeatable)",
    },
    // For tooling (benchmarks, tests): read stack files from another directory.
    "stacks-dir": {
      type: "string",
      value: "<dir>",
      help: "read stack files from <dir>",
      hidden: true,
    },
  },
  required: [["stack"]],
  exclusive: [
    {
      options: ["json", "markdown"],
      reason: "--json is the report for programs, --markdown the one for people; pick one",
    },
    {
      options: ["against", "base"],
      reason: "both name the earlier plan to compare with; give one",
    },
  ],
  notes: [
    "Exit codes: 0 ok; 1 type errors, invalid configuration or mandatory policy violations",
    "(the report is still printed for policy); 2 bad arguments, unknown stack, or a file that",
    "cannot be read or parsed. PULUMI_NODEJS_TRANSPILE_ONLY=true skips the type check, as it",
    "does for the engine.",
  ].join("\n"),
} as const satisfies CommandSpec;

export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** What the command uses besides its arguments; replaceable in tests. */
export interface PlanDeps {
  readonly build?: (options: PlanOptions) => Promise<PlanReport>;
  readonly typeCheck?: (options: TypeCheckOptions) => TypeCheckResult;
  /** The project root (Pulumi.yaml, git repository, stack files). */
  readonly root?: string;
  readonly env?: NodeJS.ProcessEnv;
}

function checkTypes(root: string, deps: PlanDeps, io: CliIO): boolean {
  const project = readProjectFile(root);
  const result = (deps.typeCheck ?? typeCheck)({
    root,
    cacheDir: path.join(root, "node_modules", ".cache", "oktaplane"),
    env: deps.env ?? process.env,
    ...(project.main === undefined ? {} : { main: project.main }),
  });
  if (result.status !== "failed") return true;
  io.err(
    `${result.errors.join("\n")}\n` +
      `plan: ${result.errors.length} TypeScript error(s): pulumi preview and pulumi up would refuse ` +
      "to run this program; nothing was planned\n",
  );
  return false;
}

/** Runs the command; returns the exit code (EXIT). */
export async function runPlanCli(
  argv: string[],
  io: CliIO = processIO,
  deps: PlanDeps = {},
): Promise<number> {
  const root = deps.root ?? REPO_ROOT;
  let args;
  try {
    args = parseCommand(PLAN_COMMAND, argv, deps.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(usageMessage(PLAN_COMMAND, e.message));
    return EXIT.usage;
  }
  if (args === "help") {
    io.out(helpText(PLAN_COMMAND));
    return EXIT.ok;
  }
  const stack = args.stack!;
  try {
    if (!checkTypes(root, deps, io)) return EXIT.problems;
    const dir = args["stacks-dir"];
    const report = await (deps.build ?? buildPlan)({
      stack,
      root,
      ...(dir === undefined ? {} : { stacksDir: dir }),
      ...(args["esc-values"].length === 0
        ? {}
        : { escValues: args["esc-values"].map(readEscValues) }),
    });
    const earlier = await earlierPlan(args, report, root, dir, io);
    const shown: PlanReport =
      earlier === undefined
        ? report
        : {
            ...report,
            diff: diffPlans(earlier.resources, report.resources, {
              against: earlier.newStack
                ? `${earlier.label}, where the stack is new`
                : earlier.label,
              stack,
              connectors: report.connectors,
            }),
          };
    io.out(
      args.json
        ? JSON.stringify(shown, null, 2) + "\n"
        : args.markdown
          ? renderMarkdown(shown)
          : renderText(shown),
    );
    const d = shown.diff;
    io.err(
      `plan: stack ${report.stack} · ${report.counts.total} resources · ` +
        (d === undefined
          ? ""
          : `${d.created.length + d.updated.length + d.replaced.length + d.deleted.length} changes (${d.replaced.length} replaced) · `) +
        `${report.deployerScopes.scopes.length} deployer scopes · ` +
        `${report.policy.findings.length} policy findings · ` +
        `${report.missingSecrets.length} secrets to set · ${process.uptime().toFixed(2)} s\n`,
    );
    const mandatory = mandatoryCount(report.policy);
    if (mandatory > 0) {
      io.err(`plan: ${mandatory} mandatory policy violation(s); see "Policy" above\n`);
      return EXIT.problems;
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ConfigError) {
      if (args.json) {
        io.out(
          JSON.stringify({ version: 1, stack, ok: false, problems: e.problems }, null, 2) + "\n",
        );
      }
      io.err(`${e.message}\n`);
      return EXIT.problems;
    }
    if (e instanceof StackFileError || e instanceof ProjectError || e instanceof UsageError) {
      io.err(`plan: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

async function earlierPlan(
  args: { against?: string | undefined; base?: string | undefined },
  report: PlanReport,
  root: string,
  stacksDir: string | undefined,
  io: CliIO,
): Promise<EarlierPlan | undefined> {
  if (args.against !== undefined) return readEarlierPlan(args.against, report.stack);
  if (args.base === undefined) return undefined;
  const project = readProjectFile(root);
  return planAtRef({
    root,
    ref: args.base,
    stack: report.stack,
    stackDir:
      path
        .relative(root, stacksDir ?? project.stackConfigDir)
        .split(path.sep)
        .join("/") || ".",
    note: io.err,
  });
}

runIfMain(module, "plan", (argv) => runPlanCli(argv));
