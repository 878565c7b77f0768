// The cost-removal section (bench/worker-costs-report.ts): each copy's median over its pairs with
// the interval beside it, signed CPU differences, and a dash where too few pairs give no interval.

import { expect, test } from "vitest";
import { medianInterval } from "../../bench/paired";
import { costsSection, type CostRow } from "../../bench/worker-costs-report";

test("rows give the median and interval of the share and of the CPU difference", () => {
  const eight = (centre: number, step: number) =>
    Array.from({ length: 8 }, (_, i) => centre + (i - 3.5) * step);
  const rows: CostRow[] = [
    {
      connections: 50,
      name: "same-I/O baseline",
      share: medianInterval(eight(1.3, 0.02)),
      cpuDelta: medianInterval(eight(-45, 1)),
      receiverCpuUs: 181.4,
      loads: [0.6, 1.1],
    },
    {
      connections: 50,
      name: "no log line",
      share: medianInterval([1.05, 1.02, 1.08]),
      cpuDelta: medianInterval([-8, -6, -7]),
      receiverCpuUs: 180,
      loads: [0.9],
    },
  ];
  const text = costsSection(rows, "npx tsx bench/worker-costs.ts --slice 2 --pairs 8");
  // Eight values: only the smallest to the largest holds the median with 95 % (in fact 99 %).
  expect(text).toContain(
    "| 50 | same-I/O baseline | 130 % (123 % to 137 %) | -45.0 (-48.5 to -41.5) | 181 |",
  );
  expect(text).toContain("| 50 | no log line | 105 % (– to –) | -7.0 (– to –) | 180 |");
  expect(text).toContain("at least 99 % probability");
  expect(text).toContain("ranged 0.6–1.1");
});
