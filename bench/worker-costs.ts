// Where the receiver's telephony CPU goes: the receiver's bundle against copies of it with one
// cost taken out (the phone normalisation, the log line, the per-call timer, the request id, the
// Accept header, the fetch wrapper, passing the signal to fetch, the x-request-id header, the
// auth check, the answer count, parsing Twilio's sids; or all of them), saturated. A copy is not
// a Worker to ship: each removal is a text substitution on the bundle, and the script stops when
// one no longer matches (the source changed; update the substitution).
// Each copy is measured in pairs of short slices against the receiver, back to back and the order
// swapped every other pair (bench/paired.ts), by req/s and by the workerd process's CPU per
// request: at saturation one workerd thread is the bottleneck, so CPU µs per request is what a
// removal saves, and it moves far less with the machine than req/s does.
// Run: npx tsx bench/worker-costs.ts [--slice 2] [--pairs 10] [--connections 50]
//        [--only "no log line,all removed"]

import { parseArgs } from "node:util";
import { bundleWorker } from "../worker/build";
import { requireWrk, runLoad } from "./load";
import { firstOf, medianInterval } from "./paired";
import { writeSection } from "./report";
import { costsSection, type CostRow } from "./worker-costs-report";
import { cpuUs, loadAverage, startFleet, telephonyBody } from "./worker-fleet";
import type { RunningWorker } from "./workerd";

const { values } = parseArgs({
  options: {
    slice: { type: "string", default: "2" },
    pairs: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    only: { type: "string" },
  },
});

/** Each removal: [what the bundle says, what the copy says instead]. */
const REMOVALS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  "no phone normalisation": [
    [
      "function toE164(raw, defaultRegion) {",
      'function toE164(raw, defaultRegion) { return "+1" + String(raw).replace(/\\D/g, "");',
    ],
  ],
  "no log line": [["sink = (line) => console.log(line)", "sink = (line) => {}"]],
  "no per-call timer": [
    ["const signal = AbortSignal.timeout(timeoutMs);", "const signal = void 0;"],
  ],
  "no request id": [["const requestId = crypto.randomUUID();", 'const requestId = "r";']],
  "no accept": [['accept: "application/json"\n  };\n  const post', "};\n  const post"]],
  "no fetch wrapper": [
    ["((input, init) => fetch(input, init))", "globalThis.fetch.bind(globalThis)"],
  ],
  "no signal to fetch": [["fetchFn(url, { ...init, signal })", "fetchFn(url, init)"]],
  "no id header": [['response.headers.set("x-request-id", requestId);', ""]],
  "no auth": [
    [
      "const deadline = new Deadline(deps.deadlineMs);\n    requireAuth(deps.auth, request);",
      "const deadline = new Deadline(deps.deadlineMs);",
    ],
  ],
  "no answer count": [
    ["const answer = backlog.answerStarted();", "const answer = 0;"],
    ["backlog.answerDone(answer);", ""],
  ],
  "no sid parse": [["...verificationIds(outcome.text) };", "sid: void 0, attemptSid: void 0 };"]],
};

function without(code: string, names: readonly string[]): string {
  let copy = code;
  for (const name of names) {
    for (const [from, to] of REMOVALS[name]!) {
      if (!copy.includes(from)) throw new Error(`${name}: the bundle no longer contains ${from}`);
      copy = copy.replace(from, to);
    }
  }
  return copy;
}

const BASELINE = "same-I/O baseline";
const UNCHANGED = "unchanged copy";

/** One slice: req/s and the Worker's CPU per request. */
interface Slice {
  readonly rps: number;
  readonly cpuUs: number;
}

async function main(): Promise<void> {
  await requireWrk();
  const code = (await bundleWorker()).code;
  const all: [string, string][] = [
    // The bundle as it is, in a process of its own: how far two processes of one Worker differ.
    [UNCHANGED, code],
    ...Object.keys(REMOVALS).map((name): [string, string] => [name, without(code, [name])]),
    ["all removed", without(code, Object.keys(REMOVALS))],
  ];
  const only = values.only?.split(",").map((n) => n.trim());
  const unknown = only?.filter((n) => n !== BASELINE && !all.some(([name]) => name === n)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `--only: unknown ${unknown.join(", ")}; one of ${BASELINE}, ${all.map(([n]) => n).join(", ")}`,
    );
  }
  const variants = only ? all.filter(([name]) => only.includes(name)) : all;
  const fleet = await startFleet();
  const body = telephonyBody();
  const sliceS = Number(values.slice);
  const pairs = Number(values.pairs);
  const started: RunningWorker[] = [];
  const rows: CostRow[] = [];
  try {
    const receiver = (await fleet.start(["receiver"])).receiver!;
    started.push(receiver);
    const copies: [string, RunningWorker][] = [];
    // The same-I/O baseline against the receiver too: the whole gap the removals are part of.
    if (!only || only.includes(BASELINE)) {
      const baseline = (await fleet.start(["baseline"])).baseline!;
      started.push(baseline);
      copies.push([BASELINE, baseline]);
    }
    for (const [name, script] of variants) {
      const copy = (await fleet.start(["receiver"], { receiverScript: script })).receiver!;
      started.push(copy);
      copies.push([name, copy]);
    }
    const slice = async (w: RunningWorker, connections: number, durationS = sliceS) => {
      const before = cpuUs(w.pid);
      const url = new URL("/okta/telephony", w.url).toString();
      const result = await runLoad({
        url,
        headers: fleet.telephonyHeaders,
        body,
        connections,
        durationS,
      });
      if (result.failedStatus > 0 || result.errors > 0) {
        throw new Error(`${result.failedStatus} failed answers, ${result.errors} errors`);
      }
      return { rps: result.rps, cpuUs: (cpuUs(w.pid) - before) / result.requests };
    };
    for (const w of started) await slice(w, 10, 2); // warm-up, not reported
    for (const connections of values.connections.split(",").map(Number)) {
      for (const [name, copy] of copies) {
        const measured: { receiver: Slice; copy: Slice; load: number }[] = [];
        for (let index = 0; index < pairs; index++) {
          const load = loadAverage();
          const copyFirst = firstOf(index) === "receiver";
          const a = await slice(copyFirst ? copy : receiver, connections);
          const b = await slice(copyFirst ? receiver : copy, connections);
          measured.push(
            copyFirst ? { copy: a, receiver: b, load } : { receiver: a, copy: b, load },
          );
        }
        const row: CostRow = {
          connections,
          name,
          share: medianInterval(measured.map((m) => m.copy.rps / m.receiver.rps)),
          cpuDelta: medianInterval(measured.map((m) => m.copy.cpuUs - m.receiver.cpuUs)),
          receiverCpuUs: medianInterval(measured.map((m) => m.receiver.cpuUs)).median,
          loads: measured.map((m) => m.load),
        };
        console.log(JSON.stringify(row));
        rows.push(row);
      }
    }
  } finally {
    await Promise.all(started.map((w) => w.stop()));
    fleet.stop();
  }
  const command = [
    "npx tsx bench/worker-costs.ts",
    `--slice ${sliceS} --pairs ${pairs} --connections ${values.connections}`,
    ...(values.only ? [`--only "${values.only}"`] : []),
  ].join(" ");
  await writeSection("Hook receiver: what each telephony cost takes", costsSection(rows, command));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
