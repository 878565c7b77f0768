// Drives one endpoint with wrk (Debian package `wrk`): a C load generator that needs a small
// fraction of the CPU autocannon does, so on a 2-core machine the Worker, not the generator, is
// what saturates. Each run gets a generated Lua script (headers, body, optional pacing) and
// reports through wrk's done() hook as one JSON line.

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * What a request puts in a hole of its body: `id`, a token unique to the request across runs
 * (event ids); `digits6`, six digits that differ between consecutive requests (phone numbers).
 */
export type Hole = "id" | "digits6";

/** A body template: `parts[0] hole[0] parts[1] … parts[n]`, filled in per request. */
export interface BodyTemplate {
  readonly parts: readonly string[];
  readonly holes: readonly Hole[];
}

export interface Load {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The POST body, fixed or filled in per request. */
  readonly body: string | BodyTemplate;
  readonly connections: number;
  readonly durationS: number;
  /**
   * Mean pause per connection between a response and its next request; offered load is then
   * about connections / (pause + latency), the same for every Worker. Pauses are drawn from an
   * exponential distribution (Poisson arrivals, like independent Okta orgs' users): a fixed
   * pause keeps all connections in step, so each Worker would see bursts of `connections`
   * requests at once and p99 would measure the burst. Omit to saturate.
   */
  readonly pauseMs?: number;
  /** @default "POST" (a GET sends the headers and an empty body) */
  readonly method?: "GET" | "POST";
}

export interface LoadResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Responses with status >= 400 (wrk counts 4xx/5xx, not 3xx). */
  readonly failedStatus: number;
  /** Connect, read and write errors and timeouts (2 s). */
  readonly errors: number;
}

/** A Lua string literal for any text (long brackets with a level the text does not contain). */
export function luaString(text: string): string {
  let level = "";
  while (text.includes(`]${level}]`)) level += "=";
  return `[${level}[\n${text}]${level}]`;
}

export function wrkScript(load: Pick<Load, "headers" | "body" | "pauseMs" | "method">): string {
  const headers = Object.entries(load.headers)
    .map(([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`)
    .join("\n");
  const body =
    typeof load.body === "string" ? `wrk.body = ${luaString(load.body)}` : template(load.body);
  const pause =
    load.pauseMs === undefined
      ? ""
      : `delay = function() return -math.log(1 - math.random()) * ${load.pauseMs} end`;
  return `math.randomseed(os.time())
wrk.method = "${load.method ?? "POST"}"
${headers}
${body}
${pause}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"status":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
`;
}

const HOLES: Readonly<Record<Hole, string>> = {
  id: "prefix .. n",
  digits6: 'string.format("%06d", n % 1000000)',
};

function template(body: BodyTemplate): string {
  if (body.parts.length !== body.holes.length + 1) {
    throw new Error("body template: parts must be one more than holes");
  }
  const pieces = body.parts.flatMap((part, i) =>
    i < body.holes.length ? [luaString(part), HOLES[body.holes[i]!]] : [luaString(part)],
  );
  return [
    "local n = 0",
    "local prefix = tostring(os.time()) .. '-' .. tostring(math.random(1e9)) .. '-'",
    "request = function()",
    "  n = n + 1",
    `  return wrk.format(nil, nil, nil, ${pieces.join(" .. ")})`,
    "end",
  ].join("\n");
}

/** Fails early, with the fix, when wrk is missing. */
export async function requireWrk(): Promise<void> {
  try {
    await promisify(execFile)("wrk", ["--version"]);
  } catch (error) {
    // `wrk --version` prints its banner and exits 1; only a spawn failure means it is missing.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error("wrk not found: install it with `sudo apt-get install wrk` (Debian/Ubuntu)");
    }
  }
}

export async function runLoad(load: Load): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "oktaplane-wrk-"));
  const script = path.join(dir, "load.lua");
  // Headers carry the (benchmark-only, random) hook secrets: the file is private and removed.
  writeFileSync(script, wrkScript(load), { mode: 0o600 });
  try {
    const { stdout } = await promisify(execFile)(
      "wrk",
      ["-t1", `-c${load.connections}`, `-d${load.durationS}s`, "-s", script, load.url],
      { maxBuffer: 1 << 20 },
    );
    const line = stdout.split("\n").find((l) => l.startsWith("WRKJSON "));
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    const r = JSON.parse(line.slice("WRKJSON ".length)) as Record<string, number>;
    return {
      rps: r.requests! / (r.durationUs! / 1e6),
      p50Ms: r.p50Us! / 1000,
      p99Ms: r.p99Us! / 1000,
      requests: r.requests!,
      failedStatus: r.status!,
      errors: r.errors!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
