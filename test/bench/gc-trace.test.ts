// bench/gc-trace.ts against lines workerd printed with V8's --trace-gc (bench/worker-gc.ts,
// 2026-12-04), mixed with the receiver's own log lines as they share its stdout.
import { describe, expect, it } from "vitest";
import { parseGcTrace, summarise } from "../../bench/gc-trace";

const TRACE = [
  "[2266:0x5099ffca4000]      131 ms: Scavenge 2.3 (3.8) -> 1.8 (4.3) MB, pooled: 0.0 MB, 1.01 / 0.00 ms (average mu = 1.000, current mu = 1.000) allocation failure; ",
  '{"level":"info","msg":"telephony.sent","requestId":"83fa009c","eventId":"1796352640-2","sid":"VE0"}',
  "[2266:0x5099ffca4000]      183 ms: Scavenge 2.4 (4.8) -> 2.0 (5.0) MB, pooled: 0.0 MB, 12.50 / 0.40 ms (average mu = 1.000, current mu = 1.000) allocation failure; ",
  "[1283:0x71b9ffca4000]    15540 ms: Mark-Compact 33.1 (53.4) -> 3.3 (53.4) MB, pooled: 0.0 MB, 13.91 / 0.00 ms (average mu = 0.997, current mu = 0.997) allocation failure; GC in old space requested",
  // A log line that mentions a GC word is not a trace line.
  '{"level":"warn","msg":"request.failed","detail":"Scavenge 1.0 MB, 9.99 / 0.00 ms"}',
].join("\n");

describe("parseGcTrace", () => {
  it("reads each pause's main-thread time by kind, and skips every other line", () => {
    expect(parseGcTrace(TRACE)).toEqual([
      { kind: "scavenge", ms: 1.01 },
      { kind: "scavenge", ms: 12.5 },
      { kind: "mark-compact", ms: 13.91 },
    ]);
  });

  it("sums count, total and longest pause per kind; none is zeros", () => {
    const pauses = parseGcTrace(TRACE);
    expect(summarise(pauses, "scavenge")).toEqual({ count: 2, totalMs: 13.51, maxMs: 12.5 });
    expect(summarise(pauses, "mark-compact")).toEqual({ count: 1, totalMs: 13.91, maxMs: 13.91 });
    expect(summarise([], "scavenge")).toEqual({ count: 0, totalMs: 0, maxMs: 0 });
  });
});
