// `npm run verify -- --stack <name>`: live smoke test that every service app of a stack gets a
// token with its own key and is granted exactly its declared scopes. Exit 0 ok, 1 failure, 2 usage.

import { parseArgs } from "node:util";
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
  outputsSource,
  OUTPUTS_SOURCE_OPTIONS,
  processOutput,
  runIfMain,
  UsageError,
  type CliOutput,
} from "./lib/entry";

const USAGE = `usage: npm run verify -- (--stack <name> | --outputs <file>) [--app <key>]... [--json] [--timeout <ms>]

  --stack <name>    read outputs with \`pulumi stack output --json --show-secrets --stack <name>\`
  --outputs <file>  read outputs from a JSON file of the same shape instead
  --app <key>       verify only this service app (repeatable)
  --json            print the report as JSON
  --timeout <ms>    per-request timeout (default 10000)
`;

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
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...OUTPUTS_SOURCE_OPTIONS,
        app: { type: "string", multiple: true },
        json: { type: "boolean", default: false },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
  if (values.help) return "help";
  const source = outputsSource(values);
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`--timeout must be a positive integer of milliseconds`);
  }
  return {
    ...source,
    apps: values.app ?? [],
    json: values.json,
    timeoutMs,
  };
}

/** Runs verify and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: VerifyIo = processOutput): Promise<number> {
  const secrets: string[] = [];
  const out = (text: string) => io.stdout(redact(text, secrets));
  const err = (text: string) => io.stderr(redact(text, secrets));
  try {
    const args = parseVerifyArgs(argv);
    if (args === "help") {
      out(USAGE);
      return 0;
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
      return 2;
    }
    const unknown = keys.filter((k) => !Object.hasOwn(all, k));
    if (unknown.length > 0) {
      err(
        `verify: unknown --app ${unknown.join(", ")}; the stack has: ${Object.keys(all).join(", ") || "none"}\n`,
      );
      return 2;
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
    return reports.every((r) => r.status === "ok") ? 0 : 1;
  } catch (cause) {
    if (cause instanceof UsageError) {
      err(`verify: ${cause.message}\n\n${USAGE}`);
      return 2;
    }
    if (cause instanceof StackOutputsError) {
      err(`verify: ${cause.message}\n`);
      return 2;
    }
    // Not expected; the name and a masked message are enough to report a bug.
    const name = cause instanceof Error ? cause.name : typeof cause;
    const message = cause instanceof Error ? cause.message : "";
    err(`verify: internal error (${name}): ${message}\n`);
    return 1;
  }
}

runIfMain(module, "verify", (argv) => main(argv));
