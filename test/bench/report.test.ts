// The benchmarks' shared median (bench/report.ts): both Worker and plan figures are medians.

import { expect, test } from "vitest";
import { median } from "../../bench/report";

test("median of odd and even counts, unsorted input left alone", () => {
  const values = [5, 1, 3];
  expect(median(values)).toBe(3);
  expect(values).toEqual([5, 1, 3]);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});
