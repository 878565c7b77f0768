// Benchmark of the hook receiver in workerd against a trivial Worker and a same-I/O baseline
// Worker in the same run (bench/worker-fleet.ts), driven by wrk (bench/load.ts) at several
// connection counts, in three scenarios:
//   - quiet: each endpoint alone, paced (every Worker offered the same load, below its capacity:
//     latency) and saturated (each connection sends as soon as an answer arrives: throughput);
//   - background: telephony and acknowledgements while one 300-event delivery after another is
//     fed back in the same isolate (bench/worker-background.ts);
//   - burst: many qualifying events within seconds on a fresh isolate (bench/worker-burst.ts).
// Telephony's saturated throughput against the baseline is also measured in many short pairs of
// back-to-back slices (bench/paired.ts): the machine's speed drifts more between 5 s rounds than
// the 85 % target's margin.
// Every run records the machine's load average: the CPUs are shared with whatever else runs.
// Writes the "Hook receiver (Worker)" section of docs/BENCHMARKS.md (bench/worker-report.ts).
// Run: npx tsx bench/worker.ts [--duration 10] [--rounds 2] [--connections 1,50,100]
//        [--rate 1000] [--scenarios quiet,background,burst] [--latency 0,150]
//        [--pairs 12] [--slice 2]
//        [--save results.json] (default: a file in the temp directory, named at the end)
//      npx tsx bench/worker.ts --render results.json (the section again, from saved results)

import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { requireWrk, runLoad, type BodyTemplate } from "./load";
import { firstOf, type Pair } from "./paired";
import { machine, writeSection } from "./report";
import { whileFeedingBack } from "./worker-background";
import { BURST_SHAPES, runBurst, type BurstRun } from "./worker-burst";
import {
  ackOnlyBody,
  countLog,
  cpuUs,
  feedbackBody,
  loadAverage,
  peakRssMb,
  removeLog,
  startFleet,
  telephonyBody,
  WORKERS,
  type Fleet,
  type WorkerName,
} from "./worker-fleet";
import {
  parseSavedReport,
  pauseFor,
  render,
  type Report,
  type Run,
  type SavedReport,
  type Settings,
} from "./worker-report";
import type { RunningWorker } from "./workerd";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "1,50,100" },
    rate: { type: "string", default: "1000" },
    scenarios: { type: "string", default: "quiet,background,burst" },
    latency: { type: "string", default: "0,150" },
    events: { type: "string", default: "300" },
    pairs: { type: "string", default: "12" },
    slice: { type: "string", default: "2" },
    save: { type: "string" },
    render: { type: "string" },
  },
});

function numbers(name: string, text: string): number[] {
  const list = text.split(",").map(Number);
  if (list.some((n) => !(n >= 0)))
    throw new Error(`--${name}: non-negative numbers, comma-separated`);
  return list;
}

const settings: Settings = {
  duration: Number(values.duration),
  rounds: Number(values.rounds),
  connections: numbers("connections", values.connections),
  rate: Number(values.rate),
  scenarios: values.scenarios.split(","),
  latencies: numbers("latency", values.latency),
  backgroundEvents: Number(values.events),
  pairs: Number(values.pairs),
  sliceS: Number(values.slice),
};

/** The prefix of the background deliveries' users (one phone each). */
const BACKGROUND_USERS = "00uBg";

interface Endpoint {
  readonly label: string;
  readonly path: string;
  readonly body: string | BodyTemplate;
  readonly headers: (fleet: Fleet) => Readonly<Record<string, string>>;
}

const ACK: Endpoint = {
  label: "events, ack only",
  path: "/okta/events",
  body: ackOnlyBody(),
  headers: (f) => f.eventHeaders,
};
const FEEDBACK: Endpoint = {
  label: "events, feedback",
  path: "/okta/events",
  body: feedbackBody(),
  headers: (f) => f.eventHeaders,
};
const TELEPHONY: Endpoint = {
  label: "telephony",
  path: "/okta/telephony",
  body: telephonyBody(),
  headers: (f) => f.telephonyHeaders,
};

async function main(): Promise<void> {
  await requireWrk();
  const fleet = await startFleet();
  const runs: Run[] = [];
  const bursts: BurstRun[] = [];
  const pairs: Pair[] = [];
  const peaks: Partial<Record<WorkerName, number>> = {};

  const measure = async (
    scenario: Run["scenario"],
    endpoint: Endpoint,
    worker: WorkerName,
    running: RunningWorker,
    connections: number,
    paced: boolean,
    round: number,
  ): Promise<Run> => {
    const load = loadAverage();
    const cpuBefore = cpuUs(running.pid);
    const approvalsBefore = await fleet.upstream.approvals();
    const drive = () =>
      runLoad({
        url: new URL(endpoint.path, running.url).toString(),
        headers: endpoint.headers(fleet),
        body: endpoint.body,
        connections,
        durationS: settings.duration,
        pauseMs: paced ? pauseFor(settings, connections) : undefined,
      });
    let background: Run["background"];
    let result;
    if (scenario === "background") {
      const fed = await whileFeedingBack(
        {
          url: new URL("/okta/events", running.url).toString(),
          headers: fleet.eventHeaders,
          upstream: fleet.upstream,
          events: settings.backgroundEvents,
          prefix: BACKGROUND_USERS,
        },
        drive,
      );
      result = fed.result;
      background = { deliveries: fed.deliveries, approvals: fed.approvals, stalled: fed.stalled };
    } else {
      result = await drive();
    }
    // waitUntil work outlives its run: let it finish (and count) before the next run.
    if (worker !== "trivial") await fleet.upstream.drained();
    const run: Run = {
      ...result,
      scenario,
      endpoint: endpoint.label,
      worker,
      connections,
      phase: paced ? "paced" : "saturated",
      round,
      load,
      cpuUsPerRequest: (cpuUs(running.pid) - cpuBefore) / result.requests,
      approvals: (await fleet.upstream.approvals()) - approvalsBefore,
      background,
    };
    console.log(JSON.stringify(run));
    return run;
  };

  /** Saturated telephony, baseline and receiver back to back, `settings.pairs` times. */
  const measurePairs = async (
    running: Partial<Record<WorkerName, RunningWorker>>,
    connections: number,
  ): Promise<Pair[]> => {
    const rps = async (worker: WorkerName) => {
      const result = await runLoad({
        url: new URL(TELEPHONY.path, running[worker]!.url).toString(),
        headers: TELEPHONY.headers(fleet),
        body: TELEPHONY.body,
        connections,
        durationS: settings.sliceS ?? 0,
      });
      if (result.failedStatus > 0 || result.errors > 0) {
        throw new Error(
          `${worker}: ${result.failedStatus} failed answers, ${result.errors} errors`,
        );
      }
      return result.rps;
    };
    const measured: Pair[] = [];
    for (let index = 0; index < (settings.pairs ?? 0); index++) {
      const first = firstOf(index);
      const load = loadAverage();
      const a = await rps(first);
      const b = await rps(first === "baseline" ? "receiver" : "baseline");
      const [baselineRps, receiverRps] = first === "baseline" ? [a, b] : [b, a];
      const pair: Pair = { connections, index, first, load, baselineRps, receiverRps };
      console.log(JSON.stringify({ pair }));
      measured.push(pair);
    }
    return measured;
  };

  const sweep = async (
    scenario: Run["scenario"],
    endpoint: Endpoint,
    workers: readonly WorkerName[],
  ) => {
    // Fresh processes per endpoint, so none inherits another's heap.
    const running = await fleet.start(workers);
    try {
      for (const w of workers) {
        await runLoad({
          url: new URL(endpoint.path, running[w]!.url).toString(),
          headers: endpoint.headers(fleet),
          body: endpoint.body,
          connections: 10,
          durationS: 2,
        }); // warm-up, not reported
      }
      await fleet.upstream.drained();
      for (const connections of settings.connections) {
        // At each connection count paced first: a saturated run leaves a grown heap behind.
        for (const paced of [true, false]) {
          for (let round = 1; round <= settings.rounds; round++) {
            for (const w of workers) {
              runs.push(
                await measure(scenario, endpoint, w, running[w]!, connections, paced, round),
              );
            }
          }
        }
        if (scenario === "quiet" && endpoint === TELEPHONY) {
          pairs.push(...(await measurePairs(running, connections)));
        }
      }
      for (const w of workers) peaks[w] = Math.max(peaks[w] ?? 0, peakRssMb(running[w]!.pid));
    } finally {
      await Promise.all(workers.map((w) => running[w]!.stop()));
    }
  };

  if (settings.scenarios.includes("quiet")) {
    for (const endpoint of [ACK, FEEDBACK, TELEPHONY]) await sweep("quiet", endpoint, WORKERS);
  }
  if (settings.scenarios.includes("background")) {
    // The trivial Worker does no background work: only the baseline compares.
    for (const endpoint of [TELEPHONY, ACK]) {
      await sweep("background", endpoint, ["baseline", "receiver"]);
    }
  }
  if (settings.scenarios.includes("burst")) {
    for (const shape of BURST_SHAPES) {
      // The overload shape only means something with a real round trip.
      const latencies =
        shape.deliveries * shape.eventsPerDelivery > 1000
          ? settings.latencies.filter((l) => l > 0)
          : settings.latencies;
      for (const latencyMs of latencies) {
        for (const w of ["baseline", "receiver"] as const) {
          const run = await runBurst(fleet, w, shape, latencyMs, loadAverage());
          console.log(JSON.stringify(run));
          bursts.push(run);
        }
      }
    }
  }

  const stats = await fleet.upstream.drained();
  const log = countLog(fleet.receiverLog);
  removeLog(fleet.receiverLog);
  fleet.stop();
  const report: Report = {
    settings,
    runs,
    bursts,
    pairs,
    peaks,
    stats,
    log,
    cpus: os.availableParallelism(),
  };
  const saved: SavedReport = { machine: machine(), report };
  const file = values.save ?? path.join(os.tmpdir(), `oktaplane-bench-worker-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(saved));
  console.log(`results saved to ${file} (npx tsx bench/worker.ts --render ${file})`);
  await writeSection("Hook receiver (Worker)", render(report), saved.machine);
}

/** The section again from saved results, with the machine line of the run that measured them. */
async function renderSaved(file: string): Promise<void> {
  const saved = parseSavedReport(readFileSync(file, "utf8"));
  await writeSection("Hook receiver (Worker)", render(saved.report), saved.machine);
}

(values.render === undefined ? main() : renderSaved(values.render)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
