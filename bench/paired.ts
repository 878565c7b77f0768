// Paired comparison of two Workers' throughput on a machine whose speed drifts within seconds:
// many short slices, the two Workers back to back in each pair, the order swapped every other pair
// (ABBA), and a distribution-free interval for the median of the per-pair ratios. A verdict is
// given only when that interval lies on one side of the bar.

import { median } from "./report";

/** One pair of back-to-back slices: the candidate's req/s and the reference's, same load. */
export interface Pair {
  readonly connections: number;
  readonly index: number;
  /** Which Worker ran first in this pair (alternates, so a steady drift favours neither). */
  readonly first: "baseline" | "receiver";
  /** 1-minute load average when the pair started. */
  readonly load: number;
  readonly baselineRps: number;
  readonly receiverRps: number;
}

/** Pair 0 runs the baseline first, pair 1 the receiver, and so on: A B | B A | A B | ... */
export function firstOf(index: number): Pair["first"] {
  return index % 2 === 0 ? "baseline" : "receiver";
}

export interface MedianInterval {
  readonly median: number;
  /** Bounds of the interval; undefined when too few values allow one at `level`. */
  readonly low: number | undefined;
  readonly high: number | undefined;
  /** Its exact coverage (at least the level asked for), or 0 without an interval. */
  readonly coverage: number;
}

/**
 * The median of `values` and the order-statistic interval [x(k), x(n+1-k)] around it: the true
 * median lies below x(k) only if fewer than k values do, a Binomial(n, ½) event, so the interval
 * covers it with probability 1 - 2·P(Bin(n, ½) ≤ k-1), whatever the distribution. The widest k
 * whose coverage is still at least `level` gives the narrowest such interval. Assumes the values
 * are independent; the swapped order keeps a slow drift from making them all lean one way.
 */
export function medianInterval(values: readonly number[], level = 0.95): MedianInterval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = n === 0 ? NaN : median(sorted);
  let best: { k: number; coverage: number } | undefined;
  // P(Bin(n, ½) ≤ j), accumulated as j grows.
  let choose = 1;
  let below = 0;
  for (let k = 1; k <= Math.floor(n / 2); k++) {
    below += choose / 2 ** n;
    choose = (choose * (n - (k - 1))) / k;
    const coverage = 1 - 2 * below;
    if (coverage < level) break;
    best = { k, coverage };
  }
  if (!best) return { median: mid, low: undefined, high: undefined, coverage: 0 };
  return {
    median: mid,
    low: sorted[best.k - 1],
    high: sorted[n - best.k],
    coverage: best.coverage,
  };
}

export type Verdict = "met" | "missed" | "undecided";

/** Met when the whole interval is at or above `bar`, missed when all of it is below. */
export function judgeShare(interval: MedianInterval, bar: number): Verdict {
  if (interval.low === undefined || interval.high === undefined) return "undecided";
  if (interval.low >= bar) return "met";
  if (interval.high < bar) return "missed";
  return "undecided";
}

/** Each pair's receiver req/s over its baseline's; pairs with a baseline of 0 are left out. */
export function ratios(pairs: readonly Pair[]): number[] {
  return pairs.filter((p) => p.baselineRps > 0).map((p) => p.receiverRps / p.baselineRps);
}
