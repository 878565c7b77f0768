// `npm run rehearse -- --stack <name>`: the user's own `pulumi up` (their CLI, the real providers)
// against local simulators of Okta, Cloudflare and Twilio in a temporary stack, then a report of
// what it did. Exit codes: cli/rehearse/args.ts (EXIT), documented in docs/REHEARSE.md.

import { buildPlan } from "./lib/planReport";
import { redact } from "./lib/redact";
import { REPO_ROOT } from "./lib/stackFile";
import { processOutput, runIfMain, type CliOutput } from "./lib/entry";
import { EXIT, parseRehearseArgs, RehearseUsageError, USAGE } from "./rehearse/args";
import { rehearse, type RehearseDeps } from "./rehearse/orchestrate";
import { renderMarkdown, renderText } from "./rehearse/render";
import { startRehearsalSims } from "./rehearse/simulators";

export type RehearseIo = CliOutput & Partial<RehearseDeps>;

/** Progress is for a person at a terminal: not with --json, not in CI, not when piped. */
export function wantsProgress(
  env: Readonly<Record<string, string | undefined>>,
  json: boolean,
  terminal: boolean = process.stderr.isTTY === true,
): boolean {
  return !json && terminal && (env["CI"] ?? "") === "";
}

/** Runs the rehearsal and returns the exit code; never throws. */
export async function main(
  argv: readonly string[],
  io: RehearseIo = processOutput,
): Promise<number> {
  let secrets: readonly string[] = [];
  const err = (text: string) => io.stderr(redact(text, secrets));
  try {
    const args = parseRehearseArgs(argv);
    if (args === "help") {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const env = io.env ?? process.env;
    const progress = wantsProgress(env, args.format === "json");
    const outcome = await rehearse(args, {
      env,
      repoRoot: io.repoRoot ?? REPO_ROOT,
      startSims: io.startSims ?? startRehearsalSims,
      planScopes:
        io.planScopes ??
        (async (stack, stacksDir) => {
          const plan = await buildPlan(stacksDir === undefined ? { stack } : { stack, stacksDir });
          return plan.deployerScopes.scopes.map((s) => s.scope);
        }),
      signals: io.signals ?? process,
      progress: io.progress ?? (progress ? err : () => undefined),
      notice: io.notice ?? err,
      ...(io.tmpRoot !== undefined ? { tmpRoot: io.tmpRoot } : {}),
      ...(io.untilDone !== undefined ? { untilDone: io.untilDone } : {}),
    });
    secrets = outcome.secrets;
    if (outcome.kind === "error") {
      err(`${outcome.message}\n`);
      return outcome.exitCode;
    }
    const { report } = outcome;
    // Last line of defence: no generated secret, token or passphrase leaves in the report.
    io.stdout(
      redact(
        args.format === "json"
          ? `${JSON.stringify(report, null, 2)}\n`
          : args.format === "markdown"
            ? renderMarkdown(report)
            : renderText(report),
        secrets,
      ),
    );
    return report.ok ? EXIT.ok : EXIT.problems;
  } catch (cause) {
    if (cause instanceof RehearseUsageError) {
      err(`rehearse: ${cause.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    const name = cause instanceof Error ? cause.name : typeof cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    err(`rehearse: could not run (${name}): ${message}\n`);
    return EXIT.notRun;
  }
}

runIfMain(module, "rehearse", (argv) => main(argv));
