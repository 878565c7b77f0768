// `node cli/run.cjs comment --plans <dir> --run-url <url>`: the PR comment (or job summary) of
// the offline plans that pr.yml's matrix wrote (`<dir>/**/plan.json`, with plan.log beside it),
// every stack's summary first, within a size limit (cli/lib/prComment.ts).

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ENVIRONMENTS } from "../config/schema";
import { helpText, parseCommand, usageMessage, type CommandSpec } from "./lib/args";
import { EXIT, processOutput, runIfMain, UsageError, type CliOutput } from "./lib/entry";
import { buildComment, COMMENT_LIMIT, type StackPlan } from "./lib/prComment";
import type { PlanReport } from "./lib/planReport";

export const COMMENT_COMMAND = {
  name: "comment",
  invocation: "node cli/run.cjs comment",
  summary:
    "Builds the offline plan's PR comment from the plan --json files of every stack: each " +
    "stack's summary first, details folded, within GitHub's comment size limit.",
  usage: ["--plans <dir> --run-url <url> [--commit <sha>] [--limit <chars>]"],
  options: {
    plans: {
      type: "string",
      value: "<dir>",
      help: "directory holding <stack>/plan.json (and plan.log) for each stack",
    },
    "run-url": {
      type: "string",
      value: "<url>",
      help: "the workflow run, whose job summaries have the full plans",
    },
    commit: { type: "string", value: "<sha>", help: "the commit planned" },
    limit: {
      type: "string",
      value: "<chars>",
      help: `size limit (default ${COMMENT_LIMIT}; a job summary may take 1000000)`,
    },
  },
  required: [["plans"], ["run-url"]],
  notes: "Exit codes: 0 ok; 2 bad arguments or no plan found.",
} as const satisfies CommandSpec;

function planFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    for (const entry of readdirSync(d).sort()) {
      const p = path.join(d, entry);
      if (statSync(p).isDirectory()) {
        if (depth < 2) walk(p, depth + 1);
      } else if (entry === "plan.json") out.push(p);
    }
  };
  walk(dir, 0);
  return out;
}

function readPlan(file: string): StackPlan {
  const dir = path.dirname(file);
  const log = (() => {
    try {
      return readFileSync(path.join(dir, "plan.log"), "utf8");
    } catch {
      return "";
    }
  })();
  const stackFile = path.join(dir, "stack");
  const fallback = (() => {
    try {
      return readFileSync(stackFile, "utf8").trim();
    } catch {
      return path.basename(dir);
    }
  })();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { stack: fallback, failure: log || "plan printed no JSON" };
  }
  const o = json as Partial<PlanReport> & { ok?: boolean; problems?: [] };
  const stack = typeof o.stack === "string" ? o.stack : fallback;
  if (o.ok === false && Array.isArray(o.problems)) return { stack, problems: o.problems };
  if (Array.isArray(o.resources)) return { stack, report: o as PlanReport };
  return { stack, failure: log || "plan printed an unexpected JSON document" };
}

/** dev, staging, prod first (promotion order), then any other stack by name. */
function order(a: StackPlan, b: StackPlan): number {
  const env = (p: StackPlan) => {
    const e = "report" in p ? p.report.environment : p.stack;
    const i = (ENVIRONMENTS as readonly string[]).indexOf(e);
    return i < 0 ? ENVIRONMENTS.length : i;
  };
  return env(a) - env(b) || a.stack.localeCompare(b.stack);
}

export async function main(
  argv: readonly string[],
  io: CliOutput = processOutput,
): Promise<number> {
  try {
    const args = parseCommand(COMMENT_COMMAND, argv);
    if (args === "help") {
      io.stdout(helpText(COMMENT_COMMAND));
      return EXIT.ok;
    }
    const limit = args.limit === undefined ? COMMENT_LIMIT : Number(args.limit);
    if (!Number.isInteger(limit) || limit < 1000)
      throw new UsageError(`--limit must be a whole number of characters, at least 1000`);
    let files: string[];
    try {
      files = planFiles(args.plans!);
    } catch {
      throw new UsageError(`--plans ${args.plans}: cannot read the directory`);
    }
    if (files.length === 0) throw new UsageError(`--plans ${args.plans}: no plan.json below it`);
    const plans = files.map(readPlan).sort(order);
    io.stdout(
      buildComment(plans, {
        limit,
        summaryUrl: args["run-url"]!,
        ...(args.commit === undefined ? {} : { commit: args.commit }),
      }),
    );
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(usageMessage(COMMENT_COMMAND, e.message));
    return EXIT.usage;
  }
}

runIfMain(module, "comment", (argv) => main(argv));
