// The paired throughput comparison (bench/paired.ts): the median's order-statistic interval has
// the coverage the binomial gives, and a verdict needs the whole interval on one side of the bar.

import { describe, expect, test } from "vitest";
import { firstOf, judgeShare, medianInterval, ratios, type Pair } from "../../bench/paired";

describe("medianInterval", () => {
  test("12 values: [x(3), x(10)], coverage 1 - 2·79/4096", () => {
    const values = [12, 1, 11, 2, 10, 3, 9, 4, 8, 5, 7, 6];
    const interval = medianInterval(values);
    expect(interval.median).toBe(6.5);
    expect([interval.low, interval.high]).toEqual([3, 10]);
    expect(interval.coverage).toBeCloseTo(1 - (2 * 79) / 4096, 12);
  });

  test("16 values: [x(4), x(13)] at 95 %, [x(5), x(12)] at 90 %", () => {
    const values = Array.from({ length: 16 }, (_, i) => 16 - i);
    expect(medianInterval(values)).toMatchObject({ low: 4, high: 13 });
    expect(medianInterval(values, 0.9)).toMatchObject({ low: 5, high: 12 });
    expect(medianInterval(values, 0.9).coverage).toBeCloseTo(1 - (2 * 2517) / 65536, 12);
  });

  test("five values cannot give 95 %: no interval, so no verdict", () => {
    const interval = medianInterval([0.9, 0.91, 0.92, 0.93, 0.94]);
    expect(interval).toMatchObject({ median: 0.92, low: undefined, high: undefined, coverage: 0 });
    expect(judgeShare(interval, 0.85)).toBe("undecided");
  });

  test("the input is left in its order", () => {
    const values = [3, 1, 2];
    medianInterval(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("judgeShare", () => {
  const around = (centre: number) =>
    medianInterval(Array.from({ length: 12 }, (_, i) => centre + (i - 5.5) / 100));
  test("met when all of the interval is at or above the bar", () => {
    expect(judgeShare(around(0.9), 0.85)).toBe("met");
  });
  test("missed when all of it is below", () => {
    expect(judgeShare(around(0.8), 0.85)).toBe("missed");
  });
  test("undecided when it straddles the bar, even with the median above it", () => {
    const interval = around(0.86);
    expect(interval.median).toBeGreaterThan(0.85);
    expect(judgeShare(interval, 0.85)).toBe("undecided");
  });
});

test("pairs alternate which Worker goes first, and ratios skip an empty baseline", () => {
  expect([0, 1, 2, 3].map(firstOf)).toEqual(["baseline", "receiver", "baseline", "receiver"]);
  const pair = (baselineRps: number, receiverRps: number, index: number): Pair => ({
    connections: 1,
    index,
    first: firstOf(index),
    load: 1,
    baselineRps,
    receiverRps,
  });
  expect(ratios([pair(1000, 900, 0), pair(0, 5, 1), pair(800, 800, 2)])).toEqual([0.9, 1]);
});
