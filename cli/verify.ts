// `npm run verify -- --stack <name>`: live smoke test that every service app of a stack gets a
// token with its own key and is granted exactly its declared scopes. Options and exit codes:
// VERIFY_COMMAND in cli/lib/commands.ts.

import { didYouMean } from "../config/suggest";
import { helpText, parseCommand, usageMessage } from "./lib/args";
import { VERIFY_COMMAND } from "./lib/commands";
import {
  readStackOutputs,
  StackOutputsError,
  type ReadStackOutputsOptions,
} from "./lib/stackOutputs";
import { readLiveDpop } from "./lib/liveDpop";
import { keySecrets, redact } from "./lib/redact";
import { requestClientCredentialsToken, type FetchLike } from "./lib/tokenRequest";
import { buildAppReport, formatReportText, reportJson } from "./lib/verifyReport";
import {
  EXIT,
  outputsSource,
  processOutput,
  runIfMain,
  UsageError,
  type CliOutput,
} from "./lib/entry";

/** Everything main touches outside itself, injectable for tests. */
export interface VerifyIo extends CliOutput {
  readonly fetch?: FetchLike;
  readonly runPulumi?: ReadStackOutputsOptions["runPulumi"];
  /** Where the Okta provider's credential variables are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface VerifyArgs {
  readonly stack?: string;
  readonly outputsFile?: string;
  readonly apps: readonly string[];
  readonly json: boolean;
  readonly timeoutMs: number;
}

function parseVerifyArgs(argv: readonly string[]): VerifyArgs | "help" {
  const values = parseCommand(VERIFY_COMMAND, argv);
  if (values === "help") return "help";
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`--timeout must be a positive integer of milliseconds`);
  }
  return { ...outputsSource(values), apps: values.app, json: values.json, timeoutMs };
}

/** Runs verify and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: VerifyIo = processOutput): Promise<number> {
  const secrets: string[] = [];
  const out = (text: string) => io.stdout(redact(text, secrets));
  const err = (text: string) => io.stderr(redact(text, secrets));
  try {
    const args = parseVerifyArgs(argv);
    if (args === "help") {
      out(helpText(VERIFY_COMMAND));
      return EXIT.ok;
    }
    const outputs = await readStackOutputs({
      ...(args.stack !== undefined ? { stack: args.stack } : {}),
      ...(args.outputsFile !== undefined ? { outputsFile: args.outputsFile } : {}),
      ...(io.runPulumi ? { runPulumi: io.runPulumi } : {}),
    });
    const all = outputs.serviceApps ?? {};
    for (const app of Object.values(all)) {
      secrets.push(...keySecrets(app.privateKeyPem, app.privateKeyJwk));
    }
    const keys = args.apps.length > 0 ? args.apps : Object.keys(all).sort();
    if (keys.length === 0) {
      err("verify: the stack exports no serviceApps; nothing to verify\n");
      return EXIT.usage;
    }
    const unknown = keys.filter((k) => !Object.hasOwn(all, k));
    if (unknown.length > 0) {
      const hint = unknown.length === 1 ? didYouMean(unknown[0]!, Object.keys(all)) : "";
      err(
        `verify: unknown --app ${unknown.join(", ")}${hint}; the stack has: ${Object.keys(all).join(", ") || "none"}\n`,
      );
      return EXIT.usage;
    }
    // Each app's own token, and (with a management credential, okta.apps.read) Okta's DPoP flag.
    const [results, live] = await Promise.all([
      Promise.all(
        keys.map((key) =>
          requestClientCredentialsToken(all[key]!, {
            timeoutMs: args.timeoutMs,
            ...(io.fetch ? { fetch: io.fetch } : {}),
          }),
        ),
      ),
      readLiveDpop(Object.fromEntries(keys.map((k) => [k, all[k]!])), {
        env: io.env ?? process.env,
        ...(io.fetch ? { fetch: io.fetch as typeof fetch } : {}),
      }),
    ]);
    const reports = keys.map((key, i) => {
      const result = results[i]!;
      if (result.ok) secrets.push(result.accessToken);
      return buildAppReport(key, all[key]!, result, live[key]);
    });
    out(
      args.json ? `${JSON.stringify(reportJson(reports), null, 2)}\n` : formatReportText(reports),
    );
    return reports.every((r) => r.status === "ok") ? EXIT.ok : EXIT.problems;
  } catch (cause) {
    if (cause instanceof UsageError) {
      err(usageMessage(VERIFY_COMMAND, cause.message));
      return EXIT.usage;
    }
    if (cause instanceof StackOutputsError) {
      err(`verify: ${cause.message}\n`);
      return EXIT.usage;
    }
    // Not expected; the name and a masked message are enough to report a bug.
    const name = cause instanceof Error ? cause.name : typeof cause;
    const message = cause instanceof Error ? cause.message : "";
    err(`verify: internal error (${name}): ${message}\n`);
    return EXIT.problems;
  }
}

runIfMain(module, "verify", (argv) => main(argv));
