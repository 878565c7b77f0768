// `npm run plan -- --stack <name> [--json|--markdown] [--against <plan.json> | --base <ref>]`:
// the offline main job. Type-checks the program as the engine would, evaluates it under Pulumi's
// mock runtime with the stack's config and prints what it declares, or what it changes.

import "./lib/fastStart";
import path from "node:path";
import { ConfigError } from "../config/errors";
import { ProjectError, readProjectFile } from "../config/project";
import { helpText, parseCommand, usageMessage } from "./lib/args";
import { PLAN_COMMAND } from "./lib/commands";
import { planAtRef, readEarlierPlan, type EarlierPlan } from "./lib/earlierPlan";
import { EXIT, runIfMain, UsageError } from "./lib/entry";
import { readEscValues } from "./lib/esc";
import { diffPlans } from "./lib/planDiff";
import { mandatoryCount } from "./lib/planPolicy";
import { buildPlan, type PlanOptions, type PlanReport } from "./lib/planReport";
import { renderMarkdown, renderText } from "./lib/renderPlan";
import { loadStack, REPO_ROOT, StackFileError } from "./lib/stackFile";
import { typeCheck, type TypeCheckOptions, type TypeCheckResult } from "./lib/typecheck";

export { PLAN_COMMAND };

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

/** The type check's outcome, for the summary line. */
function typesNote(r: TypeCheckResult): string {
  if (r.status === "skipped") return "types unchanged";
  if (r.status === "off") return "types not checked";
  return `types checked in ${(r.elapsedMs / 1000).toFixed(2)} s`;
}

function checkTypes(root: string, deps: PlanDeps, io: CliIO): TypeCheckResult | undefined {
  const project = readProjectFile(root);
  const result = (deps.typeCheck ?? typeCheck)({
    root,
    cacheDir: path.join(root, "node_modules", ".cache", "oktaplane"),
    env: deps.env ?? process.env,
    ...(project.main === undefined ? {} : { main: project.main }),
  });
  if (result.status !== "failed") return result;
  io.err(
    `${result.errors.join("\n")}\n` +
      `plan: ${result.errors.length} TypeScript error(s): pulumi preview and pulumi up would refuse ` +
      "to run this program; nothing was planned\n",
  );
  return undefined;
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
    const dir = args["stacks-dir"];
    // A stack that does not exist, or a file that is not YAML, is said at once, before the
    // type check (seconds when a source changed).
    await loadStack(stack, { root, ...(dir === undefined ? {} : { stacksDir: dir }) });
    const types = checkTypes(root, deps, io);
    if (types === undefined) return EXIT.problems;
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
        `${report.missingSecrets.length} secrets to set · ${typesNote(types)} · ` +
        `${process.uptime().toFixed(2)} s\n`,
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
  const stackDir = path.relative(root, stacksDir ?? project.stackConfigDir);
  if (stackDir.startsWith("..") || path.isAbsolute(stackDir))
    throw new UsageError("--base compares stack files in the repository; these are outside it");
  return planAtRef({
    root,
    ref: args.base,
    stack: report.stack,
    stackDir: stackDir.split(path.sep).join("/") || ".",
    note: io.err,
  });
}

runIfMain(module, "plan", (argv) => runPlanCli(argv));
