// The hook receiver benchmark's report (bench/worker-report.ts): each issue-16 target row takes
// the median of its rounds, compares the right Workers and says met or missed.

import { expect, test } from "vitest";
import { firstOf, type Pair } from "../../bench/paired";
import type { BurstRun } from "../../bench/worker-burst";
import {
  loadSentence,
  parseSavedReport,
  render,
  type Report,
  type Run,
  type Settings,
} from "../../bench/worker-report";

const settings: Settings = {
  duration: 10,
  rounds: 2,
  connections: [1, 50],
  rate: 1000,
  scenarios: ["quiet", "background", "burst"],
  latencies: [0],
  backgroundEvents: 300,
};

function run(patch: Partial<Run>): Run {
  return {
    rps: 1000,
    p50Ms: 1,
    p99Ms: 5,
    p99WrkMs: 20,
    requests: 10_000,
    failedStatus: 0,
    errors: 0,
    scenario: "quiet",
    endpoint: "telephony",
    worker: "receiver",
    connections: 1,
    phase: "saturated",
    round: 1,
    load: 1.5,
    cpuUsPerRequest: 300,
    approvals: 0,
    background: undefined,
    ...patch,
  };
}

function burst(patch: Partial<BurstRun>): BurstRun {
  return {
    shape: "1,000 events at once",
    worker: "receiver",
    latencyMs: 0,
    events: 1000,
    approved: 1000,
    shed: 0,
    failed: 0,
    accounted: 1000,
    refused: 0,
    fedBackMs: 900,
    idleRssMb: 47,
    peakRssMb: 80,
    survived: true,
    load: 2,
    ...patch,
  };
}

function targetRow(runs: Run[], bursts: BurstRun[], startsWith: string, pairs?: Pair[]): string {
  const text = render({
    settings: pairs ? { ...settings, pairs: pairs.length, sliceS: 2 } : settings,
    runs,
    bursts,
    pairs,
    peaks: {},
    stats: { okta: {}, twilio: {} },
    log: { lines: 0, errors: 0, outcomes: {} },
    cpus: 2,
  });
  const row = text.split("\n").find((line) => line.startsWith(`| ${startsWith}`));
  if (!row) throw new Error(`no row starting ${startsWith}`);
  return row;
}

test("telephony throughput: each round against the same round's baseline, median 85 % to meet", () => {
  const runs = [
    run({ worker: "receiver", rps: 860, round: 1 }),
    run({ worker: "receiver", rps: 900, round: 2 }),
    run({ worker: "baseline", rps: 1000, round: 1, load: 2.5 }),
    run({ worker: "baseline", rps: 1000, round: 2, load: 2.5 }),
  ];
  const name = "telephony saturated req/s ≥ 85 % of baseline, 1 conn.";
  expect(targetRow(runs, [], name)).toBe(
    `| ${name} | 880 vs 1000; per round 86 / 90 %, median 88 % | 2.0 | met |`,
  );
  runs[0] = run({ worker: "receiver", rps: 700, round: 1 });
  runs[1] = run({ worker: "receiver", rps: 800, round: 2 });
  expect(targetRow(runs, [], name)).toContain("median 75 % | 2.0 | **missed** |");
});

test("telephony throughput: a fast round of one Worker is not set against a slow one of the other", () => {
  // The 249ae38 run at 50 connections: the medians give 2556 / 2891 = 88 %, the rounds 80-89 %.
  const runs = [
    run({ worker: "receiver", rps: 2152, round: 1 }),
    run({ worker: "baseline", rps: 2681, round: 1 }),
    run({ worker: "receiver", rps: 2583, round: 2 }),
    run({ worker: "baseline", rps: 2891, round: 2 }),
    run({ worker: "receiver", rps: 2556, round: 3 }),
    run({ worker: "baseline", rps: 3181, round: 3 }),
  ];
  expect(targetRow(runs, [], "telephony saturated req/s ≥ 85 % of baseline, 1 conn.")).toContain(
    "2556 vs 2891; per round 80 / 89 / 80 %, median 80 % | 1.5 | **missed** |",
  );
});

test("telephony throughput with pairs: judged on the pairs' interval, the rounds shown beside it", () => {
  const runs = [
    run({ worker: "receiver", rps: 700, round: 1 }),
    run({ worker: "baseline", rps: 1000, round: 1 }),
  ];
  const pairsOf = (shares: number[]): Pair[] =>
    shares.map((share, index) => ({
      connections: 1,
      index,
      first: firstOf(index),
      load: 1.2,
      baselineRps: 1000,
      receiverRps: share * 10,
    }));
  const name = "telephony saturated req/s ≥ 85 % of baseline, 1 conn.";
  // Twelve pairs: the 95 % interval runs from the 3rd to the 10th smallest ratio.
  const high = pairsOf([86, 95, 87, 90, 91, 88, 93, 89, 92, 94, 90, 91]);
  expect(targetRow(runs, [], name, high)).toBe(
    `| ${name} | 12 pairs of 2 s: median 91 %, 96 % interval 88–93 % (per round 70 %, median 70 %) | 1.2 | met |`,
  );
  const straddling = pairsOf([80, 95, 82, 90, 84, 88, 93, 83, 92, 86, 90, 91]);
  expect(targetRow(runs, [], name, straddling)).toContain("interval 83–92 %");
  expect(targetRow(runs, [], name, straddling)).toMatch(/\| undecided \|$/);
  const low = pairsOf([70, 75, 80, 84, 78, 79, 81, 77, 76, 82, 74, 83]);
  expect(targetRow(runs, [], name, low)).toMatch(/\| \*\*missed\*\* \|$/);
  // The pairs get a table of their own, each with its order.
  const text = render({
    settings: { ...settings, pairs: 12, sliceS: 2 },
    runs,
    bursts: [],
    pairs: high,
    peaks: {},
    stats: { okta: {}, twilio: {} },
    log: { lines: 0, errors: 0, outcomes: {} },
    cpus: 2,
  });
  expect(text).toContain("| 1 | 2 | receiver | 1.2 | 1000 | 950 | 95 % |");
  expect(text).toContain("--pairs 12 --slice 2");
});

test("ack p99 is judged against the baseline + 2 ms; a missing cell says not measured", () => {
  const ack = { endpoint: "events, ack only", phase: "paced" as const, connections: 100 };
  const runs = [
    run({ ...ack, worker: "receiver", p99Ms: 6.5 }),
    run({ ...ack, worker: "baseline", p99Ms: 4 }),
  ];
  expect(targetRow(runs, [], "ack p99 ≤ baseline p99 + 2 ms, 100 connections, paced |")).toMatch(
    /6\.5 ms vs 4\.0 ms \| 1\.5 \| \*\*missed\*\* \|$/,
  );
  expect(targetRow(runs, [], "ack p99 ≤ baseline p99 + 2 ms, 1 connection, paced |")).toMatch(
    /not measured \|$/,
  );
});

test("telephony during feedback: judged on its p99, with the same cell without feedback beside it", () => {
  const cellOf = { endpoint: "telephony", connections: 50, phase: "saturated" as const };
  const fed = { approvals: 600, deliveries: 2, stalled: 0 };
  const runs = [
    run({ ...cellOf, scenario: "background", p99Ms: 60, background: fed }),
    run({ ...cellOf, scenario: "background", worker: "baseline", p99Ms: 180, background: fed }),
  ];
  const name = "telephony p99 < 50 ms while a 300-event delivery is fed back, 50 conn., saturated";
  expect(targetRow(runs, [], name)).toMatch(
    /\| 60 ms \(baseline 180 ms\), 600 approvals meanwhile \| 1\.5 \| \*\*missed\*\* \|$/,
  );
  // With the quiet run of the same cell, its p99 shows how much feedback adds (not judged).
  runs.push(run({ ...cellOf, p99Ms: 55 }));
  expect(targetRow(runs, [], name)).toMatch(
    /\| 60 ms \(without feedback: 55 ms; baseline 180 ms\), 600 approvals meanwhile \| 1\.5 \| \*\*missed\*\* \|$/,
  );
  // A round with less than one delivery fed back does not count, and the row says which way.
  const slow = { ...fed, approvals: 280, deliveries: 1 };
  const quick = [run({ ...cellOf, scenario: "background", p99Ms: 20, background: slow })];
  expect(targetRow(quick, [], name)).toMatch(
    /, 280 approvals meanwhile, fewer than 300 approvals in a round \| 1\.5 \| \*\*missed\*\* \|$/,
  );
  const stuck = [
    run({ ...cellOf, scenario: "background", p99Ms: 20, background: { ...slow, stalled: 1 } }),
  ];
  expect(targetRow(stuck, [], name)).toMatch(/, feedback stalled \| 1\.5 \| \*\*missed\*\* \|$/);
});

test("bursts: all fed back and none shed under 128 MB; overload must shed and stay up", () => {
  const bursts = [
    burst({}),
    burst({
      shape: "overload",
      events: 12_000,
      approved: 2500,
      shed: 9000,
      failed: 500,
      accounted: 12_000,
      peakRssMb: 120,
    }),
  ];
  expect(targetRow([], bursts, "1,000 events at once")).toMatch(/\| met \|$/);
  expect(targetRow([], bursts, "overload")).toMatch(/\| met \|$/);
  expect(targetRow([], [burst({ shed: 3, approved: 997 })], "1,000 events at once")).toMatch(
    /\*\*missed\*\* \|$/,
  );
  expect(targetRow([], [burst({ peakRssMb: 130 })], "1,000 events at once")).toMatch(
    /\*\*missed\*\* \|$/,
  );
  const lost = burst({ shape: "overload", events: 12_000, shed: 9000, accounted: 11_000 });
  expect(targetRow([], [lost], "overload")).toMatch(/\*\*missed\*\* \|$/);
});

test("the load sentence says the CPUs were shared only when the load averages show it", () => {
  // The lead's quiet-machine run: never above the 2 CPUs.
  expect(loadSentence([0.3, 0.7, 1.1], 2)).toMatch(
    /^\*\*Load\.\*\* The 2 CPUs had no competing work to speak of during this run: .* ranged 0\.3–1\.1 \(median 0\.7\), never above the CPU count\./,
  );
  expect(loadSentence([0.3, 0.7, 1.1], 2)).not.toMatch(/shared/);
  expect(loadSentence([7.5, 10.9, 1.5], 2)).toMatch(
    /The 2 CPUs were shared with other work during this run: .*above 2 at the start of 2 of 3 measurements\./,
  );
  expect(loadSentence([0.5, 0.8, 1.0, 3.1], 2)).toMatch(
    /Part of this run shared the 2 CPUs with other work: .*above 2 at the start of 1 of 4 measurements\./,
  );
  // The threshold is the machine's CPU count, not a fixed 2.
  expect(loadSentence([3, 3.5], 4)).toMatch(/no competing work/);
});

// The peer's figures are wrk's corrected ones: the receiver is judged the same way.
test("the peer's p99 row judges wrk's p99 and shows the recorded one beside it", () => {
  const missed = [run({ p99Ms: 0.9, p99WrkMs: 28 })];
  expect(targetRow(missed, [], "telephony vs the peer, 1 conn., saturated: p99")).toMatch(
    /\| 28 ms \(recorded: 0\.9 ms\) \| 1\.5 \| \*\*missed\*\* \|$/,
  );
  const met = [run({ p99Ms: 0.9, p99WrkMs: 6 })];
  expect(targetRow(met, [], "telephony vs the peer, 1 conn., saturated: p99")).toMatch(
    /\| 6\.0 ms \(recorded: 0\.9 ms\) \| 1\.5 \| met \|$/,
  );
  // With the trivial Worker in the run, its wrk p99 is shown as context, not judged.
  const withTrivial = [...missed, run({ worker: "trivial", p99Ms: 0.2, p99WrkMs: 31 })];
  expect(targetRow(withTrivial, [], "telephony vs the peer, 1 conn., saturated: p99")).toMatch(
    /\| 28 ms \(recorded: 0\.9 ms; trivial Worker's: 31 ms\) \| 1\.5 \| \*\*missed\*\* \|$/,
  );
});

test("the peer's req/s row shows the trivial Worker's req/s as the machine's speed, not judged", () => {
  const mine = [run({ rps: 1700 })];
  expect(targetRow(mine, [], "telephony vs the peer, 1 conn., saturated: req/s")).toMatch(
    /\| 1700 \| 1\.5 \| met \|$/,
  );
  const withTrivial = [...mine, run({ worker: "trivial", rps: 5000 })];
  expect(targetRow(withTrivial, [], "telephony vs the peer, 1 conn., saturated: req/s")).toMatch(
    /\| 1700 \(trivial Worker's: 5000\) \| 1\.5 \| met \|$/,
  );
  const slow = [run({ rps: 1200 }), run({ worker: "trivial", rps: 9000 })];
  expect(targetRow(slow, [], "telephony vs the peer, 1 conn., saturated: req/s")).toMatch(
    /\| 1200 \(trivial Worker's: 9000\) \| 1\.5 \| \*\*missed\*\* \|$/,
  );
});

test("saved results render the same section again, and a wrong file names what it lacks", () => {
  const report: Report = {
    settings,
    runs: [run({ worker: "receiver", rps: 900 }), run({ worker: "baseline", rps: 1000 })],
    bursts: [],
    peaks: { receiver: 60 },
    stats: { okta: { user: 3 }, twilio: { create: 2 } },
    log: { lines: 10, errors: 0, outcomes: {} },
    cpus: 2,
  };
  const saved = parseSavedReport(JSON.stringify({ machine: "Machine: test", report }));
  expect(saved.machine).toBe("Machine: test");
  expect(render(saved.report)).toBe(render(report));
  expect(() => parseSavedReport(JSON.stringify({ machine: "m", report: { settings } }))).toThrow(
    "missing report.runs, report.bursts, report.peaks, report.stats, report.log, report.cpus",
  );
});
