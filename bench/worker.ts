// Benchmark of the hook receiver in workerd against a trivial Worker and a same-I/O baseline
// Worker in the same run. Each Worker runs in a workerd process of its own (bench/workerd.ts);
// wrk (bench/load.ts) drives POST /okta/events and POST /okta/telephony at 100 connections; fake
// Okta and Twilio answer from a child process. Per endpoint, on fresh workerd processes:
//   - saturated: every connection sends as fast as answers come back; gives throughput;
//   - paced (one per --pause value): each connection pauses between requests, so every Worker
//     is offered the same load, below its capacity; gives latency. (At saturation latency is
//     queueing, by Little's law connections / throughput, so an "added p99" there only restates
//     the throughput ratio.)
// Writes the "Hook receiver (Worker)" section of docs/BENCHMARKS.md.
// Run: npx tsx bench/worker.ts [--duration 10] [--connections 100] [--rounds 3] [--pause 500,100]

import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleWorker } from "../worker/build";
import { fixture } from "../test/worker/support/fixtures";
import { requireWrk, runLoad, type Load, type LoadResult } from "./load";
import { median, writeSection } from "./report";
import { startWorkerd, type RunningWorker } from "./workerd";

const COMPATIBILITY_DATE = "2025-09-01";
const SECTION = "Hook receiver (Worker)";
const ACCOUNT_SID = `AC${"a".repeat(32)}`;
const SERVICE_SID = `VA${"a".repeat(32)}`;
const CLIENT_ID = "0oar95zt9zIpYuz6A0h7";
const KID = "bench-key";

/** Reads the body and answers like the receiver would, doing nothing else. */
const TRIVIAL_WORKER = `export default {
  async fetch(request) {
    await request.arrayBuffer();
    if (new URL(request.url).pathname === "/okta/telephony") {
      return Response.json({ commands: [{ type: "com.okta.telephony.action", value: [{ status: "SUCCESSFUL" }] }] });
    }
    return new Response(null, { status: 200 });
  },
};`;

/**
 * The least any receiver must do, with none of this receiver's checks: parse the body, make the
 * same upstream calls (telephony: create the Twilio verification; feedback: read the Okta user,
 * approve by phone), answer. Comparing with it isolates the receiver's own overhead from the
 * upstream round trips, which share these CPUs with everything else.
 */
const BASELINE_WORKER = `export default {
  async fetch(request, env, ctx) {
    const body = await request.json();
    const twilio = { authorization: env.TWILIO_BASIC, "content-type": "application/x-www-form-urlencoded" };
    const service = env.TWILIO_URL + "/v2/Services/" + env.SERVICE_SID + "/Verifications";
    if (new URL(request.url).pathname === "/okta/telephony") {
      const m = body.data.messageProfile;
      const form = new URLSearchParams({ To: "+1" + m.phoneNumber, Channel: "sms", CustomCode: String(m.otpCode) });
      const v = await (await fetch(service, { method: "POST", headers: twilio, body: form })).json();
      return Response.json({ commands: [{ type: "com.okta.telephony.action", value: [{ status: "SUCCESSFUL", provider: "Twilio Verify", transactionId: v.sid }] }] });
    }
    const events = (body.data.events || []).filter((e) => e.eventType === "user.authentication.auth_via_mfa");
    ctx.waitUntil(Promise.all(events.map(async (e) => {
      const user = await (await fetch(env.OKTA_URL + "/api/v1/users/" + e.actor.id, { headers: { authorization: "Bearer " + env.OKTA_TOKEN } })).json();
      const phone = encodeURIComponent(String(user.profile.mobilePhone).replace(/[^+0-9]/g, ""));
      await (await fetch(service + "/" + phone, { method: "POST", headers: twilio, body: "Status=approved" })).text();
    })));
    return new Response(null, { status: 200 });
  },
};`;

const WORKERS = ["trivial", "baseline", "receiver"] as const;
const ACK_ONLY = "POST /okta/events (ack only)";
type WorkerName = (typeof WORKERS)[number];
/** "saturated", or "paced N ms" for a mean pause of N ms. */
type Phase = string;
const SATURATED = "saturated";
const paced = (pauseMs: number): Phase => `paced ${pauseMs} ms`;

interface Run extends LoadResult {
  readonly endpoint: string;
  readonly worker: WorkerName;
  readonly phase: Phase;
  readonly round: number;
  /** CPU the Worker's workerd process used per request, its waitUntil work included, µs. */
  readonly cpuUsPerRequest: number;
}

interface LogCount {
  readonly lines: number;
  readonly errors: number;
}

/** Counts a log file's lines and error-level lines, then deletes the temporary directory holding it. */
function countLog(file: string): LogCount {
  const text = readFileSync(file, "utf8");
  rmSync(path.dirname(file), { recursive: true, force: true });
  return {
    lines: text.split("\n").length - 1,
    errors: text.split('"level":"error"').length - 1,
  };
}

/** --pause 500,100: one paced phase per value. */
function pauseList(): number[] {
  const i = process.argv.indexOf("--pause");
  const values = (i > 0 ? process.argv[i + 1]! : "500,100").split(",").map(Number);
  if (values.some((v) => !(v > 0)))
    throw new Error("--pause: positive milliseconds, comma-separated");
  return values;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function request(
  child: ChildProcess,
  message: object,
  reply: string,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (m.type !== reply) return;
      child.off("message", onMessage);
      resolve(m);
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

/** Waits until the upstream counters stop moving (the feedback backlog is done), then returns them. */
async function drained(child: ChildProcess): Promise<Record<string, unknown>> {
  let stats = await request(child, { type: "stats" }, "stats");
  for (let i = 0; i < 60; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await request(child, { type: "stats" }, "stats");
    if (JSON.stringify(next) === JSON.stringify(stats)) return next;
    stats = next;
  }
  return stats;
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

const CLOCK_TICKS_PER_S = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/** CPU time a process has used so far, user and system, in µs (/proc/<pid>/stat). */
function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_S;
}

interface Settings {
  readonly duration: number;
  readonly connections: number;
  readonly rounds: number;
  /** Mean pauses of the paced phases, ms. */
  readonly pauses: readonly number[];
}

async function main(): Promise<void> {
  const settings: Settings = {
    duration: arg("duration", 10),
    connections: arg("connections", 100),
    rounds: arg("rounds", 3),
    pauses: pauseList(),
  };
  await requireWrk();
  const jose = await import("jose");
  const { privateKey, publicKey } = await jose.generateKeyPair("RS256", { extractable: true });
  const eventSecret = randomBytes(24).toString("hex");
  const telephonySecret = randomBytes(24).toString("hex");
  const authToken = randomBytes(16).toString("hex");
  const baselineToken = randomBytes(16).toString("hex");

  const child = fork(path.join(__dirname, "upstream.ts"), [], { execArgv: ["--import", "tsx"] });
  const ready = await request(
    child,
    {
      type: "start",
      clientId: CLIENT_ID,
      kid: KID,
      publicJwk: await jose.exportJWK(publicKey),
      accountSid: ACCOUNT_SID,
      authToken,
      serviceSid: SERVICE_SID,
      baselineToken,
    },
    "ready",
  );

  const receiverLog = path.join(mkdtempSync(path.join(os.tmpdir(), "oktaplane-bench-")), "log");
  const receiverScript = (await bundleWorker()).code;
  const receiverKey = await jose.exportPKCS8(privateKey);
  // Fresh processes per endpoint, so no endpoint inherits another's heap (saturated feedback
  // grows workerd's heap and its GC pauses).
  const startWorkers = async (): Promise<Record<WorkerName, RunningWorker>> => ({
    receiver: await startWorkerd({
      script: receiverScript,
      compatibilityDate: COMPATIBILITY_DATE,
      bindings: {
        OKTA_ORG_URL: String(ready.oktaUrl),
        OKTA_CLIENT_ID: CLIENT_ID,
        OKTA_PRIVATE_KEY: receiverKey,
        OKTA_KEY_ID: KID,
        OKTA_DPOP: "false",
        EVENT_HOOK_AUTH_HEADER: "authorization",
        EVENT_HOOK_SECRET: eventSecret,
        TELEPHONY_AUTH_HEADER: "x-telephony-key",
        TELEPHONY_SECRET: telephonySecret,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_VERIFY_SERVICE_SID: SERVICE_SID,
        TWILIO_API_BASE: String(ready.twilioUrl),
      },
      // Counted at the end, then deleted.
      stdoutFile: receiverLog,
    }),
    trivial: await startWorkerd({ script: TRIVIAL_WORKER, compatibilityDate: COMPATIBILITY_DATE }),
    baseline: await startWorkerd({
      script: BASELINE_WORKER,
      compatibilityDate: COMPATIBILITY_DATE,
      bindings: {
        OKTA_URL: String(ready.oktaUrl).replace(/\/$/, ""),
        OKTA_TOKEN: baselineToken,
        TWILIO_URL: String(ready.twilioUrl).replace(/\/$/, ""),
        TWILIO_BASIC: `Basic ${Buffer.from(`${ACCOUNT_SID}:${authToken}`).toString("base64")}`,
        SERVICE_SID,
      },
    }),
  });

  // One SMS MFA event per delivery, made unique per request so de-duplication does not
  // short-circuit the feedback work.
  const delivery = fixture<{ data: { events: Array<Record<string, unknown>> } }>(
    "okta-event-hook-auth-via-mfa.DERIVED.json",
  );
  const [before, after] = JSON.stringify(delivery).split(String(delivery.data.events[0]!.uuid));
  const telephony = fixture<{ eventId: string; data: { messageProfile: Record<string, unknown> } }>(
    "okta-telephony-hook-request.json",
  );
  telephony.data.messageProfile.phoneNumber = "2015550123";
  // A fresh eventId per request: the receiver answers a repeated one as a replay.
  const [telBefore, telAfter] = JSON.stringify(telephony).split(telephony.eventId);
  const eventHeaders = { "content-type": "application/json", authorization: eventSecret };
  const endpoints: Endpoint[] = [
    {
      // The documented user.session.start delivery: acknowledged, nothing to feed back.
      label: ACK_ONLY,
      path: "/okta/events",
      headers: eventHeaders,
      body: JSON.stringify(fixture("okta-event-hook-delivery-user-session-start.json")),
    },
    {
      // Every delivery carries a new SMS MFA success: Okta user read + Twilio approval each.
      label: "POST /okta/events (feedback)",
      path: "/okta/events",
      headers: eventHeaders,
      body: { before: before!, after: after! },
    },
    {
      label: "POST /okta/telephony",
      path: "/okta/telephony",
      headers: { "content-type": "application/json", "x-telephony-key": telephonySecret },
      // The documented request with a number valid in the default region (its own, 9876543210,
      // is not, and the receiver would not send to it).
      body: { before: telBefore!, after: telAfter! },
    },
  ];

  let workers: Record<WorkerName, RunningWorker>;
  const load = (endpoint: Endpoint, worker: WorkerName, durationS: number, pauseMs?: number) =>
    runLoad({
      url: new URL(endpoint.path, workers[worker].url).toString(),
      headers: endpoint.headers,
      body: endpoint.body,
      connections: settings.connections,
      durationS,
      pauseMs,
    });
  const runs: Run[] = [];
  const peaks: Record<WorkerName, number> = { trivial: 0, baseline: 0, receiver: 0 };
  for (const endpoint of endpoints) {
    workers = await startWorkers();
    for (const worker of WORKERS) {
      await load(endpoint, worker, 2); // warm-up, not reported
      await drained(child);
    }
    // Paced phases first: a saturated run leaves a grown heap behind.
    for (const pause of [...settings.pauses, undefined]) {
      const phase = pause === undefined ? SATURATED : paced(pause);
      for (let round = 1; round <= settings.rounds; round++) {
        for (const worker of WORKERS) {
          const cpuBefore = cpuUs(workers[worker].pid);
          const result = await load(endpoint, worker, settings.duration, pause);
          // waitUntil work outlives its run: let it finish (and count) before the next run.
          if (worker !== "trivial") await drained(child);
          const cpuUsPerRequest = (cpuUs(workers[worker].pid) - cpuBefore) / result.requests;
          const run: Run = {
            ...result,
            endpoint: endpoint.label,
            worker,
            phase,
            round,
            cpuUsPerRequest,
          };
          console.log(JSON.stringify(run));
          runs.push(run);
        }
      }
    }
    for (const w of WORKERS) peaks[w] = Math.max(peaks[w], peakRssMb(workers[w].pid));
    await Promise.all(WORKERS.map((w) => workers[w].stop()));
  }

  const stats = await drained(child);
  child.send({ type: "stop" });
  const log = countLog(receiverLog);
  const observed = { stats, peaks, log };
  await writeSection(SECTION, render(endpoints, runs, observed, settings));
}

interface Endpoint extends Pick<Load, "headers" | "body"> {
  readonly label: string;
  readonly path: string;
}

const ms = (value: number) => value.toFixed(Math.abs(value) < 10 ? 1 : 0);
/** "+" for a difference that is not negative (a negative one prints its own "-"). */
const sign = (value: number) => (value >= 0 ? "+" : "");

function render(
  endpoints: readonly Endpoint[],
  runs: readonly Run[],
  observed: { stats: Record<string, unknown>; peaks: Record<WorkerName, number>; log: LogCount },
  settings: Settings,
): string {
  const of = (endpoint: string, worker: WorkerName, phase: Phase) =>
    runs.filter((r) => r.endpoint === endpoint && r.worker === worker && r.phase === phase);
  const row = (r: Run) =>
    `| ${r.endpoint} | ${r.phase} | ${r.worker} | ${r.round} | ${Math.round(r.rps)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${Math.round(r.cpuUsPerRequest)} | ${r.requests} | ${r.failedStatus} | ${r.errors} |`;
  const rps = (endpoint: string, w: WorkerName) =>
    median(of(endpoint, w, SATURATED).map((r) => r.rps));
  const p99 = (endpoint: string, w: WorkerName, phase: Phase) =>
    median(of(endpoint, w, phase).map((r) => r.p99Ms));
  const offered = (phase: Phase) =>
    median(runs.filter((r) => r.phase === phase && r.worker === "trivial").map((r) => r.rps));
  const verdict = (met: boolean) => (met ? "(met)" : "(**missed**)");
  const summary = (against: WorkerName) => {
    const phases = settings.pauses.map(paced);
    return [
      `| Endpoint | ${phases.map((ph) => `p99 ms at ~${Math.round(offered(ph))} req/s, ${against} → receiver (target: < 10 ms added)`).join(" | ")} | req/s saturated, ${against} → receiver (target: ≥ 70%) |`,
      `|---|${phases.map(() => "---|").join("")}---|`,
      ...endpoints.map((e) => {
        const latency = phases.map((ph) => {
          const [base, mine] = [p99(e.label, against, ph), p99(e.label, "receiver", ph)];
          const added = mine - base;
          return `${ms(base)} → ${ms(mine)}: ${sign(added)}${ms(added)} ${verdict(added < 10)}`;
        });
        const [base, mine] = [rps(e.label, against), rps(e.label, "receiver")];
        const ratio = `${Math.round(base)} → ${Math.round(mine)}: ${Math.round((mine / base) * 100)}% ${verdict(mine / base >= 0.7)}`;
        return `| ${e.label} | ${latency.join(" | ")} | ${ratio} |`;
      }),
    ];
  };
  const cpu = (endpoint: string, w: WorkerName, phase: Phase) =>
    Math.round(median(of(endpoint, w, phase).map((r) => r.cpuUsPerRequest)));
  const allPhases = [...settings.pauses.map(paced), SATURATED];
  const cpuTable = [
    "| Endpoint | phase | trivial | baseline | receiver | receiver − baseline |",
    "|---|---|---|---|---|---|",
    ...endpoints.flatMap((e) =>
      allPhases.map((ph) => {
        const c = (w: WorkerName) => cpu(e.label, w, ph);
        const added = c("receiver") - c("baseline");
        return `| ${e.label} | ${ph} | ${c("trivial")} | ${c("baseline")} | ${c("receiver")} | ${sign(added)}${added} |`;
      }),
    ),
  ];
  // How much a cell (endpoint, phase, Worker) moves between rounds: max / min of its runs.
  const cells = endpoints.flatMap((e) =>
    allPhases.flatMap((ph) => WORKERS.map((w) => of(e.label, w, ph))),
  );
  const widest = (value: (r: Run) => number) =>
    Math.max(...cells.map((c) => Math.max(...c.map(value)) / Math.min(...c.map(value))));
  // How far the upstream calls alone (the baseline) fall below the trivial Worker.
  const floor = endpoints
    .filter((e) => e.label !== ACK_ONLY)
    .map(
      (e) =>
        `${e.label} ${Math.round((rps(e.label, "baseline") / rps(e.label, "trivial")) * 100)}%`,
    )
    .join(", ");
  const upstream = observed.stats as {
    okta: Record<string, number>;
    twilio: Record<string, number>;
  };
  const accepted = runs
    .filter((r) => r.endpoint === "POST /okta/events (feedback)" && r.worker === "receiver")
    .reduce((sum, r) => sum + r.requests, 0);
  return [
    `Command: \`npx tsx bench/worker.ts --pause ${settings.pauses.join(",")}\` (needs wrk: \`sudo apt-get install wrk\`). ${settings.connections} connections. Per endpoint: fresh workerd processes, a 2 s warm-up on each Worker, then ${settings.rounds} rounds of ${settings.duration} s per phase on each Worker, alternating; the paced phases run before the saturated one.`,
    "",
    "- Each Worker runs in a workerd process of its own, its HTTP socket going straight to the",
    "  Worker as on Cloudflare (no miniflare entry Worker in front). wrk, the fake Okta and Twilio",
    "  servers (one Node child process) and the three workerd processes share the CPUs.",
    "- **trivial** reads the body and answers 200 (an empty body, or a fixed telephony command).",
    "- **baseline** makes the receiver's upstream calls with none of its checks. For telephony",
    "  that is one Twilio create. For feedback it is one Okta user read and one Twilio approval per",
    "  event, in waitUntil. The gap between it and the receiver is the receiver's own work.",
    "- **saturated**: each connection sends its next request as soon as an answer arrives. The",
    "  Worker's thread is the bottleneck, so req/s is its capacity and latency is mostly queueing.",
    `- **paced N ms**: each connection pauses a random time (exponential, mean N ms: Poisson`,
    "  arrivals) between an answer and its next request, so every Worker is offered the same load,",
    "  below its capacity. Latency is then the Worker's own time plus its upstream round trip; the",
    "  local fakes answer at once, and real Twilio adds latency of its own, which no receiver",
    "  avoids. For scale: Okta caps event hooks at 400,000 events a day per org (under 5 a second",
    "  on average), and the telephony hook runs once per SMS or voice code.",
    "",
    "| Endpoint | phase | Worker | round | req/s | p50 ms | p99 ms | CPU µs/req | requests | 4xx/5xx | errors |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...runs.map(row),
    "",
    `Medians over the ${settings.rounds} rounds. Against the trivial Worker:`,
    "",
    ...summary("trivial"),
    "",
    "Against the trivial Worker, the throughput target cannot be met by any receiver that makes",
    "these upstream calls on this runtime. The baseline, which makes nothing but the calls,",
    `reaches this share of the trivial Worker's req/s: ${floor}. Each outbound fetch costs`,
    "workerd more CPU than a whole trivial request.",
    "",
    "Against the baseline Worker (the same upstream calls, none of the checks):",
    "",
    ...summary("baseline"),
    "",
    "CPU time of each Worker's workerd process per request, µs (medians over the rounds). It",
    "counts the runtime's own HTTP and fetch work and the waitUntil work, so it is the Worker's",
    "whole cost on this machine, not the CPU time Cloudflare would bill. Per request, a process",
    "at low load spends more than one at saturation, where it handles many events per wakeup.",
    "",
    ...cpuTable,
    "",
    `Between rounds, a cell's CPU per request moved by at most ${Math.round((widest((r) => r.cpuUsPerRequest) - 1) * 100)}% ` +
      `(largest / smallest), its p99 by up to ${widest((r) => r.p99Ms).toFixed(1)}×: on two CPUs shared with wrk ` +
      "and the fake upstreams, p99 says as much about the machine as about the Worker.",
    "",
    `Peak resident memory of a workerd process (largest over the endpoints): trivial ${observed.peaks.trivial} MB, ` +
      `baseline ${observed.peaks.baseline} MB, receiver ${observed.peaks.receiver} MB.`,
    "",
    `Background feedback work after the runs (warm-ups included): ${upstream.okta.user ?? 0} Okta user reads, ` +
      `${upstream.twilio.approve ?? 0} Twilio approvals, ${upstream.okta.token ?? 0} Okta token request(s) (only the receiver requests tokens), ` +
      `${upstream.twilio.create ?? 0} Twilio verifications created; the measured feedback runs accepted ` +
      `${accepted} deliveries. The receiver logged ${observed.log.lines} lines, ${observed.log.errors} at level error.`,
    "",
  ].join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
