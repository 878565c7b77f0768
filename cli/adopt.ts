// `npm run adopt -- --stack <name> [--write] [--json|--markdown]`: reads the org (read-only) and
// matches what the vendors' hand-made setups left there to what the stack declares, so the first
// `pulumi up` imports instead of recreating; reports every privilege beyond the capabilities.
// Exit 0 ok, 1 invalid config or something to settle (nothing written), 2 usage, 3 org unreadable.

import "./lib/fastStart";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  checkGranted,
  credentialsFromEnv,
  type Credentials,
} from "../components/oktaApi/credentials";
import { isOktaApiError } from "../components/oktaApi/errors";
import { ConfigError } from "../config/errors";
import { parseStackConfig } from "../config/parse";
import { planAdoption } from "./adopt/adoption";
import { desiredFromPlan } from "./adopt/desired";
import { readScopes } from "./adopt/readOperations";
import { AdoptReadError, createReader, type ReaderEvent } from "./adopt/reader";
import { renderMarkdown, renderText } from "./adopt/render";
import { buildReport, type AdoptReport } from "./adopt/report";
import { scanOrg } from "./adopt/scan";
import { adoptedStackText } from "./adopt/writeStack";
import { runIfMain } from "./lib/entry";
import { buildPlan } from "./lib/planReport";
import { redact } from "./lib/redact";
import type { FetchLike } from "./lib/tokenRequest";
import { STACKS_DIR, StackFileError, readStackFile } from "./lib/stackFile";

const USAGE =
  "usage: npm run adopt -- --stack <name> [--write] [--import-file <path>] [--json | --markdown]";

/** Everything the command touches outside itself, injectable for tests and the benchmark. */
export interface AdoptIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Progress lines go to `err` only on a terminal. */
  readonly isTTY: boolean;
  readonly fetch?: FetchLike;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export const processAdoptIO: AdoptIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: process.stderr.isTTY === true,
};

const CREDENTIAL_KIND = {
  apiToken: "api-token",
  accessToken: "access-token",
  privateKey: "service-app",
} as const;

/** Runs the command and returns its exit code; a report is printed whenever the org was read. */
export async function runAdoptCli(argv: string[], io: AdoptIO = processAdoptIO): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        stack: { type: "string", short: "s" },
        write: { type: "boolean", default: false },
        "import-file": { type: "string" },
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
  const stack = args.stack;
  const dir = args["stacks-dir"] ?? STACKS_DIR;
  const quiet = args.json || !io.isTTY || io.env["CI"] !== undefined;
  const progress = terminalProgress(quiet ? undefined : io.err);
  const secrets: string[] = [];
  const started = performance.now();
  try {
    const plan = await buildPlan({ stack, stacksDir: dir });
    const file = await readStackFile(stack, dir);
    const { config } = parseStackConfig({
      stack,
      values: file.values,
      secretKeys: file.secretKeys,
    });
    const desired = desiredFromPlan(stack, config, plan.resources);
    const scopes = readScopes(config.okta.engine);

    const credentials = credentialsFromEnv(io.env);
    // Refused before any request when OKTA_API_SCOPES lacks a read scope (Okta: invalid_scope).
    checkGranted(
      credentials,
      scopes.map((scope) => ({ scope, operation: "adopt reads with read scopes only" })),
      "read the org for adopt",
    );
    secrets.push(...credentialSecrets(credentials));
    const orgUrl = desired.orgUrl;
    const proxy = io.env["OKTA_HTTP_PROXY"]?.trim();
    const readFrom = proxy ? proxy.replace(/\/+$/, "") : orgUrl;
    const reader = createReader({
      baseUrl: readFrom,
      credentials,
      scopes,
      ...(io.fetch ? { fetch: io.fetch } : {}),
      ...(io.sleep ? { sleep: io.sleep } : {}),
      ...(io.now ? { now: io.now } : {}),
      onEvent: (e: ReaderEvent) =>
        e.kind === "wait"
          ? progress.line(
              `rate limited on ${e.path}: waiting ${(e.ms / 1000).toFixed(1)} s (${e.why})`,
            )
          : e.operation === "listApplications"
            ? progress.status(`reading apps: ${e.items}`)
            : undefined,
    });
    progress.line(
      `reading ${readFrom} as ${CREDENTIAL_KIND[credentials.kind]}: ${scopes.join(", ")}`,
    );
    const reading = performance.now();
    const snapshot = await scanOrg(reader, desired, (phase) => progress.line(`reading ${phase}`));
    const readMs = Math.round(performance.now() - reading);
    progress.line("matching");
    const result = planAdoption(desired, snapshot, plan.resources, plan.missingSecrets);

    let written: AdoptReport["written"] = null;
    if (args.write && result.problems.length === 0) {
      const importPath =
        args["import-file"] ?? path.join(path.dirname(file.file), `Pulumi.${stack}.import.json`);
      await writeFile(
        file.file,
        adoptedStackText(file.document, result.adopt, result.changes, result.decisions),
      );
      await writeFile(importPath, JSON.stringify(result.importFile, null, 2) + "\n");
      written = {
        stackFile: path.relative(process.cwd(), file.file),
        importFile: path.relative(process.cwd(), importPath),
      };
    }
    const report = buildReport({
      stack,
      orgUrl,
      readFrom,
      credential: CREDENTIAL_KIND[credentials.kind],
      readScopes: scopes,
      result,
      stats: reader.stats(),
      elapsedMs: Math.round(performance.now() - started),
      readMs,
      written,
    });
    const text = args.json
      ? JSON.stringify(report, null, 2) + "\n"
      : args.markdown
        ? renderMarkdown(report)
        : renderText(report);
    io.out(redact(text, secrets));
    progress.line(
      `${report.resources.length} resources · ${report.problems.length} to settle · ` +
        `${report.calls.total} Okta calls · ${(report.elapsedMs / 1000).toFixed(1)} s`,
    );
    return report.problems.length > 0 ? 1 : 0;
  } catch (e) {
    const fail = (code: number, message: string) => {
      progress.line("stopped");
      io.err(redact(`adopt: ${message}\n`, secrets));
      return code;
    };
    if (e instanceof ConfigError) return fail(1, e.message);
    if (e instanceof StackFileError) return fail(2, e.message);
    if (e instanceof AdoptReadError) return fail(3, `cannot read the org: ${e.message}`);
    if (isOktaApiError(e) && (e.code === "NO_CREDENTIALS" || e.code === "MISSING_SCOPE"))
      return fail(3, e.message);
    throw e;
  }
}

/**
 * Progress on a terminal: `line` prints a step, `status` rewrites the current line (page counts).
 * Without a writer (--json, CI, not a terminal) both are silent.
 */
function terminalProgress(write: ((text: string) => void) | undefined) {
  let open = false;
  return {
    status(text: string) {
      if (write === undefined) return;
      write(`\r\x1b[Kadopt: ${text}`);
      open = true;
    },
    line(text: string) {
      if (write === undefined) return;
      write(`${open ? "\n" : ""}adopt: ${text}\n`);
      open = false;
    },
  };
}

/** What must never be printed even if an error echoed it. */
function credentialSecrets(c: Credentials): string[] {
  if (c.kind === "privateKey") return [c.privateKeyPem];
  return [c.token];
}

runIfMain(module, "adopt", (argv) => runAdoptCli(argv));
