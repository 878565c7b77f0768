// Garbage collection in the receiver's isolate while it answers telephony hooks saturated, quiet
// and while one 300-event delivery after another is fed back in the same isolate (issue 16's
// "telephony p99 < 50 ms during feedback"): how often and how long V8 stopped the one thread
// every answer in flight shares. The receiver runs with V8's --trace-gc, so its absolute figures
// are a little below bench/worker.ts's.
// Run: npx tsx bench/worker-gc.ts [--duration 5] [--rounds 2] [--connections 50]
//        [--v8-flags="--max-semi-space-size=2"] (more V8 flags for the receiver, to compare)

import { closeSync, openSync, readSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseGcTrace, summarise, type GcSummary } from "./gc-trace";
import { requireWrk, runLoad, type LoadResult } from "./load";
import { writeSection } from "./report";
import { whileFeedingBack } from "./worker-background";
import { loadAverage, removeLog, startFleet, telephonyBody } from "./worker-fleet";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "50" },
    "v8-flags": { type: "string", default: "" },
  },
});
const DURATION_S = Number(values.duration);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const V8_FLAGS = values["v8-flags"].split(" ").filter(Boolean);

interface Row {
  readonly round: number;
  readonly scenario: "quiet" | "feedback";
  readonly load: number;
  readonly result: LoadResult;
  readonly approvals: number | undefined;
  readonly scavenge: GcSummary;
  readonly markCompact: GcSummary;
}

const gc = (s: GcSummary) => `${s.count} / ${s.totalMs.toFixed(0)} / ${s.maxMs.toFixed(1)}`;

function table(rows: readonly Row[]): string {
  const lines = [
    "| round | scenario | load | req/s | p50 ms | p99 ms | scavenges: n / total ms / max ms | mark-compacts: n / total ms / max ms | approvals |",
    "| ----- | -------- | ---- | ----- | ------ | ------ | -------------------------------- | ------------------------------------ | --------- |",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.round} | ${r.scenario} | ${r.load.toFixed(1)} | ${r.result.rps.toFixed(0)} | ` +
        `${r.result.p50Ms.toFixed(1)} | ${r.result.p99Ms.toFixed(1)} | ${gc(r.scavenge)} | ` +
        `${gc(r.markCompact)} | ${r.approvals ?? "–"} |`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  await requireWrk();
  const fleet = await startFleet();
  const running = await fleet.start(["receiver"], { v8Flags: ["--trace-gc", ...V8_FLAGS] });
  const receiver = running.receiver!;
  const telephony = new URL("/okta/telephony", receiver.url).toString();
  const drive = (durationS = DURATION_S, connections = CONNECTIONS) =>
    runLoad({
      url: telephony,
      headers: fleet.telephonyHeaders,
      body: telephonyBody(),
      connections,
      durationS,
    });
  // The trace shares the receiver's stdout file with its log lines (one per request, megabytes
  // over a run): each run reads only what was appended during it.
  const offset = () => statSync(fleet.receiverLog).size;
  const pausesSince = (from: number) => {
    const bytes = Buffer.alloc(offset() - from);
    const fd = openSync(fleet.receiverLog, "r");
    try {
      readSync(fd, bytes, 0, bytes.length, from);
    } finally {
      closeSync(fd);
    }
    return parseGcTrace(bytes.toString("utf8"));
  };
  const rows: Row[] = [];
  try {
    await drive(2, 10); // warm-up, not reported
    await fleet.upstream.drained();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of ["quiet", "feedback"] as const) {
        const load = loadAverage();
        const from = offset();
        let result: LoadResult;
        let approvals: number | undefined;
        if (scenario === "quiet") {
          result = await drive();
        } else {
          const fed = await whileFeedingBack(
            {
              url: new URL("/okta/events", receiver.url).toString(),
              headers: fleet.eventHeaders,
              upstream: fleet.upstream,
              events: 300,
              prefix: "00uGc",
            },
            () => drive(),
          );
          [result, approvals] = [fed.result, fed.approvals];
        }
        const pauses = pausesSince(from);
        await fleet.upstream.drained();
        const row: Row = {
          round,
          scenario,
          load,
          result,
          approvals,
          scavenge: summarise(pauses, "scavenge"),
          markCompact: summarise(pauses, "mark-compact"),
        };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
  } finally {
    await receiver.stop();
    fleet.stop();
    removeLog(fleet.receiverLog);
  }
  await writeSection(
    `Hook receiver: garbage collection during feedback${V8_FLAGS.length ? ` (${V8_FLAGS.join(" ")})` : ""}`,
    [
      `Command: \`npx tsx bench/worker-gc.ts --duration ${DURATION_S} --rounds ${ROUNDS} --connections ${CONNECTIONS}` +
        (V8_FLAGS.length ? ` --v8-flags="${V8_FLAGS.join(" ")}"` : "") +
        "`.",
      `Telephony saturated at ${CONNECTIONS} connections for ${DURATION_S} s, the receiver alone`,
      "with V8's `--trace-gc`, quiet and then while 300-event deliveries are fed back in the same",
      "isolate. GC columns: pauses of the isolate's thread (main-thread time per V8's trace).",
      "",
      table(rows),
    ].join("\n"),
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
