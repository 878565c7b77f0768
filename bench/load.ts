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
  /** Latency percentiles of the requests sent, as measured (wrk's correction undone, see below). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * wrk's own p99, "corrected" for coordinated omission: after the run wrk adds, for every
   * latency L above twice the mean interval I (duration / (requests / connections)), synthetic
   * samples at L - I, L - 2I, ... (wrk.c, stats_correct). At saturation I is the Worker's own
   * speed: one 100 ms stall at 22,000 req/s on 1 connection adds 2,200 samples, 2 % of the run,
   * so p99 jumps from ~0.1 ms to ~80 ms; the faster the Worker, the larger the jump.
   */
  readonly p99WrkMs: number;
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

export function wrkScript(
  load: Pick<Load, "headers" | "body" | "pauseMs" | "method" | "connections">,
): string {
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
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"status":%d,"errors":%d,"timeouts":%d,"connections":${load.connections}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, e.timeout))
  -- The latency histogram as wrk left it (corrected), read through LuaJIT's FFI: wrk 4.1's
  -- stats struct (stats.h) is four uint64 counters and the per-microsecond counts.
  local ffi = require("ffi")
  ffi.cdef("typedef struct { uint64_t count; uint64_t limit; uint64_t min; uint64_t max; uint64_t data[]; } oktaplane_wrk_stats;")
  local s = ffi.cast("oktaplane_wrk_stats**", latency)[0]
  local out = {}
  for i = tonumber(s.min), tonumber(s.max) do
    local c = tonumber(s.data[i])
    if c > 0 then out[#out + 1] = i .. ":" .. c end
  end
  io.write(string.format("WRKHIST %d %d %d %s\\n", tonumber(s.min), tonumber(s.max), tonumber(s.count), table.concat(out, " ")))
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

/**
 * Fails early, with the fix, when a tool the benchmark runs is not installed. Only a spawn failure
 * means it is missing: `wrk --version` prints its banner and exits 1.
 */
export async function requireCommand(
  command: string,
  args: readonly string[],
  install: string,
): Promise<void> {
  try {
    await promisify(execFile)(command, args);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`${command} not found: install it with \`${install}\` (Debian/Ubuntu)`);
    }
  }
}

export const requireWrk = () => requireCommand("wrk", ["--version"], "sudo apt-get install wrk");

/** Latency counts by value (µs), highest first: [value, count] pairs. */
export type Histogram = ReadonlyArray<readonly [number, number]>;

/** wrk's correction interval: its integer arithmetic (wrk.c), 0 when it corrects nothing. */
export function correctionInterval(durationUs: number, requests: number, connections: number) {
  const perConnection = Math.floor(requests / connections);
  return perConnection > 0 ? Math.floor(durationUs / perConnection) : 0;
}

/**
 * Undoes wrk's stats_correct: it added, for each recorded latency n >= 2e, one sample at each of
 * n - e, n - 2e, ... while above e. So a count at m > e is the recorded count at m plus the recorded
 * counts at m + e, m + 2e, ...: walking down, one running sum per residue of m modulo e gives them.
 */
export function uncorrect(corrected: Histogram, interval: number): Histogram {
  if (interval <= 0) return corrected;
  const above = new Map<number, number>(); // recorded counts at m + e, m + 2e, ... by m mod e
  const recorded: Array<readonly [number, number]> = [];
  for (const [m, count] of corrected) {
    const residue = m % interval;
    const synthetic = m > interval ? (above.get(residue) ?? 0) : 0;
    const own = count - synthetic;
    if (own < 0) throw new Error(`wrk histogram: ${count} at ${m} µs < ${synthetic} synthetic`);
    if (m > interval) above.set(residue, synthetic + own);
    if (own > 0) recorded.push([m, own]);
  }
  return recorded;
}

/** The value at percentile p, wrk's way (stats_percentile: rank round(p% * count + 0.5)). */
export function percentile(histogram: Histogram, p: number): number {
  const ascending = [...histogram].sort((a, b) => a[0] - b[0]);
  const count = ascending.reduce((sum, [, c]) => sum + c, 0);
  const rank = Math.round((p / 100) * count + 0.5);
  let total = 0;
  for (const [value, c] of ascending) {
    total += c;
    if (total >= rank) return value;
  }
  return NaN;
}

/** Parses wrk's output (the WRKJSON and WRKHIST lines the script's done() writes). */
export function parseWrkOutput(stdout: string): LoadResult {
  const line = stdout.split("\n").find((l) => l.startsWith("WRKJSON "));
  const hist = stdout.split("\n").find((l) => l.startsWith("WRKHIST "));
  if (!line || !hist) throw new Error(`wrk printed no result:\n${stdout.slice(0, 2000)}`);
  const r = JSON.parse(line.slice("WRKJSON ".length)) as Record<string, number>;
  const [, , , , ...pairs] = hist.split(" ");
  const corrected: Histogram = pairs
    .filter((p) => p !== "")
    .map((p) => p.split(":").map(Number) as [number, number])
    .reverse();
  const recorded = uncorrect(
    corrected,
    correctionInterval(r.durationUs!, r.requests!, r.connections!),
  );
  // Every response but the timed-out ones was recorded once: anything else means the histogram
  // was not read as wrk wrote it (another wrk version's layout), and the figures would be wrong.
  const total = recorded.reduce((sum, [, c]) => sum + c, 0);
  if (r.requests! > 0 && total !== r.requests! - r.timeouts!) {
    throw new Error(`wrk histogram: ${total} recorded latencies for ${r.requests} requests`);
  }
  return {
    rps: r.requests! / (r.durationUs! / 1e6),
    p50Ms: percentile(recorded, 50) / 1000,
    p99Ms: percentile(recorded, 99) / 1000,
    p99WrkMs: r.p99Us! / 1000,
    requests: r.requests!,
    failedStatus: r.status!,
    errors: r.errors!,
  };
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
      // The histogram line: one "µs:count" per latency value seen, corrected ones included.
      { maxBuffer: 64 << 20 },
    );
    return parseWrkOutput(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
