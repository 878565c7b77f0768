// Where the receiver's telephony CPU goes: the receiver's bundle against copies of it with one
// cost taken out (the phone normalisation, the log line, the per-call timer, the request id, the
// Accept header, the fetch wrapper, passing the signal to fetch, the x-request-id header, the
// auth check, the answer count, parsing Twilio's sids; or all of them), and the same-I/O
// baseline, in one run, saturated. A copy is not a Worker to ship:
// each removal is a text substitution on the bundle, and the script stops when one no longer
// matches (the source changed; update the substitution).
// Run: npx tsx bench/worker-costs.ts [--duration 4] [--rounds 2] [--connections 1,50]

import { parseArgs } from "node:util";
import { bundleWorker } from "../worker/build";
import { requireWrk, runLoad } from "./load";
import { cpuUs, loadAverage, startFleet, telephonyBody } from "./worker-fleet";
import type { RunningWorker } from "./workerd";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "4" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "1,50" },
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

async function main(): Promise<void> {
  await requireWrk();
  const code = (await bundleWorker()).code;
  const variants: [string, string][] = [
    ["receiver", code],
    ...Object.keys(REMOVALS).map((name): [string, string] => [name, without(code, [name])]),
    ["all removed", without(code, Object.keys(REMOVALS))],
  ];
  const fleet = await startFleet();
  const body = telephonyBody();
  const workers: [string, RunningWorker][] = [];
  try {
    workers.push(["baseline", (await fleet.start(["baseline"])).baseline!]);
    for (const [name, script] of variants) {
      workers.push([name, (await fleet.start(["receiver"], { receiverScript: script })).receiver!]);
    }
    const url = (w: RunningWorker) => new URL("/okta/telephony", w.url).toString();
    const load = (w: RunningWorker, connections: number, durationS: number) =>
      runLoad({ url: url(w), headers: fleet.telephonyHeaders, body, connections, durationS });
    for (const [, w] of workers) await load(w, 10, 2); // warm-up, not reported
    await fleet.upstream.drained();
    console.log("| conn. | Worker | round | load | req/s | % of baseline | CPU µs/req |");
    console.log("| ----- | ------ | ----- | ---- | ----- | ------------- | ---------- |");
    const duration = Number(values.duration);
    for (const connections of values.connections.split(",").map(Number)) {
      for (let round = 1; round <= Number(values.rounds); round++) {
        let baseline = 0;
        for (const [name, w] of workers) {
          const loadAvg = loadAverage();
          const before = cpuUs(w.pid);
          const result = await load(w, connections, duration);
          const cpu = (cpuUs(w.pid) - before) / result.requests;
          if (result.failedStatus > 0 || result.errors > 0) {
            throw new Error(
              `${name}: ${result.failedStatus} failed answers, ${result.errors} errors`,
            );
          }
          if (name === "baseline") baseline = result.rps;
          const share = Math.round((100 * result.rps) / baseline);
          console.log(
            `| ${connections} | ${name} | ${round} | ${loadAvg.toFixed(1)} | ${Math.round(result.rps)} | ${share} % | ${Math.round(cpu)} |`,
          );
          await fleet.upstream.drained();
        }
      }
    }
  } finally {
    await Promise.all(workers.map(([, w]) => w.stop()));
    fleet.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
