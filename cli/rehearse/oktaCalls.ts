// What the Okta simulator saw during a rehearsal, from its recorder: calls per operation and per
// rate-limit bucket, every 403 with the scope that was missing, every 429, calls the spec does not
// describe, and the wall time the same calls would need under the org's published limits.

import type { CallRecord } from "../../sim/shared/recorder";

export interface OperationCount {
  readonly operation: string;
  readonly calls: number;
  /** Phase → count. */
  readonly byPhase: Readonly<Record<string, number>>;
  /** HTTP status → count. */
  readonly statuses: Readonly<Record<string, number>>;
}

export interface BucketCount {
  readonly bucket: string;
  /** Every phase. */
  readonly calls: number;
  /** The deploy's own calls (`pulumi up`, and its re-run after a fault). */
  readonly deployCalls: number;
  /** Okta's published requests per minute for this bucket; null when the table has none. */
  readonly limitPerMinute: number | null;
  /** deployCalls ÷ (limit × capacity share) × 60 s: this bucket's real-time need for the deploy. */
  readonly floorSeconds: number | null;
}

export interface ForbiddenCall {
  readonly phase: string;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly caller: string;
  /** The scope the operation needs and the caller's token did not hold. */
  readonly missingScope: string | null;
  readonly errorCode: string | null;
}

export interface RateLimitedCall {
  readonly phase: string;
  readonly operation: string;
  readonly bucket: string | null;
  readonly caller: string;
  /** Simulated time of the call, ISO 8601. */
  readonly at: string;
}

export interface OktaCallSummary {
  readonly total: number;
  readonly byOperation: readonly OperationCount[];
  readonly byBucket: readonly BucketCount[];
  readonly forbidden: readonly ForbiddenCall[];
  readonly rateLimited: readonly RateLimitedCall[];
  /** Requests that matched no operation of Okta's spec (answered 404 by the simulator). */
  readonly gaps: readonly { readonly request: string; readonly calls: number }[];
  readonly realTimeFloor: RealTimeFloor;
}

export interface RealTimeFloor {
  /**
   * The deploy's longest bucket: buckets refill independently, so the slowest sets the pace.
   * A floor, not a forecast: it ignores latency, concurrency limits and the org's own traffic.
   */
  readonly seconds: number;
  readonly bucket: string | null;
  /** The share of each bucket the provider may use (its maxApiCapacity), in percent. */
  readonly capacityPercent: number;
  readonly formula: string;
}

/** A call with the phase it happened in (`up`, `preview`, `round trip`, …). */
export interface PhasedCall {
  readonly phase: string;
  readonly call: CallRecord;
}

/** Phases whose calls are the deploy itself. */
export const DEPLOY_PHASES: ReadonlySet<string> = new Set(["up", "up (re-run)"]);

export function summarizeOktaCalls(
  calls: readonly PhasedCall[],
  limitOf: (bucket: string) => number | undefined,
  capacityPercent: number,
): OktaCallSummary {
  const okta = calls.filter((c) => c.call.sim === "okta");
  const ops = new Map<
    string,
    { calls: number; byPhase: Record<string, number>; statuses: Record<string, number> }
  >();
  const buckets = new Map<string, { calls: number; deployCalls: number }>();
  const gaps = new Map<string, number>();
  for (const { phase, call } of okta) {
    if (call.operation.startsWith("gap:")) {
      const request = call.operation.slice("gap:".length);
      gaps.set(request, (gaps.get(request) ?? 0) + 1);
      continue;
    }
    const entry = ops.get(call.operation) ?? { calls: 0, byPhase: {}, statuses: {} };
    entry.calls += 1;
    increment(entry.byPhase, phase);
    increment(entry.statuses, String(call.status));
    ops.set(call.operation, entry);
    if (call.bucket !== undefined) {
      const b = buckets.get(call.bucket) ?? { calls: 0, deployCalls: 0 };
      b.calls += 1;
      if (DEPLOY_PHASES.has(phase)) b.deployCalls += 1;
      buckets.set(call.bucket, b);
    }
  }

  const share = capacityPercent / 100;
  const byBucket: BucketCount[] = [...buckets.entries()]
    .map(([bucket, n]) => {
      const limit = limitOf(bucket);
      return {
        bucket,
        calls: n.calls,
        deployCalls: n.deployCalls,
        limitPerMinute: limit ?? null,
        floorSeconds: limit === undefined ? null : round1((n.deployCalls / (limit * share)) * 60),
      };
    })
    .sort((a, b) => b.calls - a.calls || a.bucket.localeCompare(b.bucket));
  const slowest = byBucket
    .filter((b) => b.floorSeconds !== null)
    .sort((a, b) => b.floorSeconds! - a.floorSeconds!)[0];

  return {
    total: okta.length,
    byOperation: [...ops.entries()]
      .map(([operation, v]) => ({ operation, ...v }))
      .sort((a, b) => b.calls - a.calls || a.operation.localeCompare(b.operation)),
    byBucket,
    forbidden: okta
      .filter(({ call }) => call.status === 403)
      .map(({ phase, call }) => ({
        phase,
        operation: call.operation,
        method: call.method,
        path: call.path,
        caller: call.caller,
        missingScope: call.scope ?? null,
        errorCode: call.errorCode ?? null,
      })),
    rateLimited: okta
      .filter(({ call }) => call.status === 429)
      .map(({ phase, call }) => ({
        phase,
        operation: call.operation,
        bucket: call.bucket ?? null,
        caller: call.caller,
        at: new Date(call.at).toISOString(),
      })),
    gaps: [...gaps.entries()]
      .map(([request, n]) => ({ request, calls: n }))
      .sort((a, b) => b.calls - a.calls || a.request.localeCompare(b.request)),
    realTimeFloor: {
      seconds: slowest?.floorSeconds ?? 0,
      bucket: slowest?.bucket ?? null,
      capacityPercent,
      formula: `max over buckets of deploy calls ÷ (limit per minute × ${capacityPercent} %) × 60 s`,
    },
  };
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
