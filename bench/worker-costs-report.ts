// Renders bench/worker-costs.ts's pairs as the "Hook receiver: what each telephony cost takes"
// section of docs/BENCHMARKS.md: per copy, the median over pairs and its interval.

import type { MedianInterval } from "./paired";

export interface CostRow {
  readonly connections: number;
  readonly name: string;
  /** Per pair: the copy's req/s over the receiver's. */
  readonly share: MedianInterval;
  /** Per pair: the copy's CPU µs per request minus the receiver's. */
  readonly cpuDelta: MedianInterval;
  readonly receiverCpuUs: number;
  readonly loads: readonly number[];
}

const range = (i: MedianInterval, f: (x: number) => string) =>
  `${f(i.median)} (${i.low === undefined ? "–" : f(i.low)} to ${i.high === undefined ? "–" : f(i.high)})`;

export function costsSection(rows: readonly CostRow[], command: string): string {
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const us = (x: number) => `${x > 0 ? "+" : ""}${x.toFixed(1)}`;
  const loads = rows.flatMap((r) => r.loads);
  return [
    `Command: \`${command}\` (needs wrk).`,
    "",
    "Saturated telephony. Each row is the same-I/O baseline Worker or a copy of the receiver's",
    "bundle with one cost taken out (a text substitution, bench/worker-costs.ts lists them),",
    "measured in pairs of slices against the receiver itself, back to back, the order swapped",
    "every other pair. The baseline's row is the whole gap; the unchanged copy's (the same bundle",
    "in a process of its own) is how far two processes of one Worker differ, the noise floor for",
    "every other row. Figures are the median",
    "over the pairs, and in brackets the order-statistic interval that holds the true median with",
    `at least ${rows[0] ? Math.floor(rows[0].share.coverage * 100) : "–"} % probability (bench/paired.ts).`,
    "CPU is the workerd process's per request (/proc): at saturation its one thread is the",
    "bottleneck, so that is what a removal saves. Copies are measuring aids, not Workers to ship;",
    '"where the telephony CPU goes" earlier in this file is the older measurement of the same copies in rounds.',
    `The 1-minute load average at the start of each pair ranged ${loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` : "–"}.`,
    "",
    "| conn. | copy | req/s vs the receiver | CPU µs/req vs the receiver | receiver CPU µs/req |",
    "|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.connections} | ${r.name} | ${range(r.share, pct)} | ${range(r.cpuDelta, us)} | ${Math.round(r.receiverCpuUs)} |`,
    ),
    "",
  ].join("\n");
}
