// Benchmark of the hook receiver in workerd (miniflare) against a trivial Worker in the same run:
// autocannon drives POST /okta/events and POST /okta/telephony at 100 connections; fake Okta and
// Twilio answer from a child process. Writes the "Hook receiver (Worker)" section of
// docs/BENCHMARKS.md. Run: npx tsx bench/worker.ts [--duration 10] [--connections 100] [--rounds 3]

import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Readable } from "node:stream";
import { bundleWorker } from "../worker/build";
import { fixture } from "../test/worker/support/fixtures";
import { writeSection } from "./report";

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

interface Run {
  readonly endpoint: string;
  readonly worker: "trivial" | "baseline" | "receiver";
  readonly round: number;
  readonly connections: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
}

interface LogCount {
  lines: number;
  errors: number;
}

/** Reads a runtime's stdout/stderr unparsed, only counting lines and error-level lines. */
function counting(count: LogCount) {
  return (stdout: Readable, stderr: Readable): void => {
    let tail = "";
    stdout.on("data", (chunk: Buffer) => {
      const text = tail + chunk.toString("utf8");
      const end = text.lastIndexOf("\n") + 1;
      const complete = text.slice(0, end);
      tail = text.slice(end);
      count.lines += complete.split("\n").length - 1;
      count.errors += complete.split('"level":"error"').length - 1;
    });
    stderr.resume();
  };
}

/** Reads a runtime's stdout/stderr and throws the bytes away. */
function drain(stdout: Readable, stderr: Readable): void {
  stdout.resume();
  stderr.resume();
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

async function main(): Promise<void> {
  const duration = arg("duration", 10);
  const connections = arg("connections", 100);
  const rounds = arg("rounds", 3);
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

  const receiverLog: LogCount = { lines: 0, errors: 0 };
  const receiver = new Miniflare({
    modules: true,
    script: (await bundleWorker()).code,
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: {
      OKTA_ORG_URL: String(ready.oktaUrl),
      OKTA_CLIENT_ID: CLIENT_ID,
      OKTA_PRIVATE_KEY: await jose.exportPKCS8(privateKey),
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
    // The receiver still formats and writes every log line to workerd's stdout; the benchmark
    // drains it unread, as Cloudflare's log pipeline would not run on these CPUs either.
    handleRuntimeStdio: counting(receiverLog),
    // miniflare otherwise sends every outbound fetch through an extra JS Worker that strips
    // CF-Connecting-IP: a local-dev hop that production does not have.
    stripCfConnectingIp: false,
  });
  const trivial = new Miniflare({
    modules: true,
    script: TRIVIAL_WORKER,
    compatibilityDate: COMPATIBILITY_DATE,
    handleRuntimeStdio: drain,
  });
  const baseline = new Miniflare({
    modules: true,
    script: BASELINE_WORKER,
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: {
      OKTA_URL: String(ready.oktaUrl).replace(/\/$/, ""),
      OKTA_TOKEN: baselineToken,
      TWILIO_URL: String(ready.twilioUrl).replace(/\/$/, ""),
      TWILIO_BASIC: `Basic ${Buffer.from(`${ACCOUNT_SID}:${authToken}`).toString("base64")}`,
      SERVICE_SID,
    },
    handleRuntimeStdio: drain,
    stripCfConnectingIp: false,
  });
  const urls = {
    receiver: await receiver.ready,
    trivial: await trivial.ready,
    baseline: await baseline.ready,
  };

  // One SMS MFA event per delivery, with a unique uuid per request so de-duplication does not
  // short-circuit the feedback work. (autocannon's idReplacement miscounts Content-Length with
  // the installed hyperid, so the body is set per request instead.)
  const delivery = fixture<{ data: { events: Array<Record<string, unknown>> } }>(
    "okta-event-hook-auth-via-mfa.DERIVED.json",
  );
  const [before, after] = JSON.stringify(delivery).split(String(delivery.data.events[0]!.uuid));
  let sequence = 0;
  const telephonyBody = JSON.stringify(fixture("okta-telephony-hook-request.json"));
  const sessionStart = JSON.stringify(fixture("okta-event-hook-delivery-user-session-start.json"));
  const eventHeaders = { "content-type": "application/json", authorization: eventSecret };
  const endpoints: Array<{
    label: string;
    path: string;
    headers: Record<string, string>;
    body: () => string;
  }> = [
    {
      // The documented user.session.start delivery: acknowledged, nothing to feed back.
      label: "POST /okta/events (ack only)",
      path: "/okta/events",
      headers: eventHeaders,
      body: () => sessionStart,
    },
    {
      // Every delivery carries a new SMS MFA success: Okta user read + Twilio approval each.
      label: "POST /okta/events (feedback)",
      path: "/okta/events",
      headers: eventHeaders,
      body: () => `${before}bench-${++sequence}${after}`,
    },
    {
      label: "POST /okta/telephony",
      path: "/okta/telephony",
      headers: { "content-type": "application/json", "x-telephony-key": telephonySecret },
      body: () => telephonyBody,
    },
  ];

  const measure = async (
    endpoint: (typeof endpoints)[number],
    worker: Run["worker"],
    round: number,
    load: { connections: number; duration: number; warmUp: boolean },
  ): Promise<Run> => {
    const options = {
      url: new URL(endpoint.path, urls[worker]).toString(),
      method: "POST",
      connections: load.connections,
      headers: endpoint.headers,
      // Both Workers get bodies built the same way, so autocannon's own cost is the same.
      requests: [
        { setupRequest: (r: Record<string, unknown>) => ({ ...r, body: endpoint.body() }) },
      ],
    };
    if (load.warmUp) await autocannon({ ...options, duration: 2 }); // not reported
    const result = await autocannon({ ...options, duration: load.duration });
    const run: Run = {
      endpoint: endpoint.label,
      worker,
      round,
      connections: load.connections,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    };
    console.log(JSON.stringify(run));
    // waitUntil work outlives its run: let it finish before the next run.
    if (worker !== "trivial") await drained(child);
    return run;
  };

  const runs: Run[] = [];
  for (const endpoint of endpoints) {
    for (let round = 1; round <= rounds; round++) {
      for (const worker of ["trivial", "baseline", "receiver"] as const) {
        runs.push(
          await measure(endpoint, worker, round, { connections, duration, warmUp: round === 1 }),
        );
      }
    }
  }
  // Without queueing: one connection, so latency is the Worker's own time per request.
  const single: Run[] = [];
  for (const endpoint of endpoints) {
    for (const worker of ["trivial", "receiver"] as const) {
      single.push(
        await measure(endpoint, worker, 1, { connections: 1, duration: 5, warmUp: false }),
      );
    }
  }

  const stats = await drained(child);
  console.log(JSON.stringify(stats));

  await Promise.all([receiver.dispose(), trivial.dispose(), baseline.dispose()]);
  child.send({ type: "stop" });
  await writeSection(
    SECTION,
    render(endpoints, { runs, single }, stats, { duration, connections, rounds }, receiverLog),
  );
}

function render(
  endpoints: ReadonlyArray<{ label: string }>,
  phases: { runs: readonly Run[]; single: readonly Run[] },
  stats: Record<string, unknown>,
  settings: { duration: number; connections: number; rounds: number },
  log: LogCount,
): string {
  const { runs, single } = phases;
  const row = (r: Run) =>
    `| ${r.endpoint} | ${r.worker} | ${r.round} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.non2xx} | ${r.errors} |`;
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const compare = (endpoint: string, against: "trivial" | "baseline") => {
    const of = (worker: Run["worker"]) =>
      runs.filter((r) => r.endpoint === endpoint && r.worker === worker);
    const [t, w] = [of(against), of("receiver")];
    const p99 = { t: median(t.map((r) => r.p99)), w: median(w.map((r) => r.p99)) };
    const rps = { t: median(t.map((r) => r.rps)), w: median(w.map((r) => r.rps)) };
    const added = p99.w - p99.t;
    const ratio = rps.w / rps.t;
    return (
      `| ${endpoint} | ${p99.t} → ${p99.w} ms: ${added} ms ${added < 10 ? "(met)" : "(**missed**)"} | ` +
      `${Math.round(rps.t)} → ${Math.round(rps.w)}: ${Math.round(ratio * 100)}% ${ratio >= 0.7 ? "(met)" : "(**missed**)"} |`
    );
  };
  const upstream = stats as {
    okta: Record<string, number>;
    twilio: Record<string, number>;
    tokensIssued: number;
  };
  const accepted = runs
    .filter((r) => r.endpoint === "POST /okta/events (feedback)" && r.worker === "receiver")
    .reduce((sum, r) => sum + r.total, 0);
  return [
    `Command: \`npx tsx bench/worker.ts\` (${settings.connections} connections; per endpoint, ${settings.rounds} rounds of ${settings.duration} s on each Worker, alternating, after a 2 s warm-up).`,
    "",
    "Both Workers run in workerd through miniflare on this machine; autocannon, miniflare's Node",
    "side and the fake Okta/Twilio servers (a child process) share the same CPUs. The trivial",
    "Worker reads the body and answers 200 (an empty body, or a fixed telephony command). Latency",
    "of the telephony endpoint includes one round trip to the local fake Twilio, which answers at",
    "once: real Twilio adds its own latency on top, which no receiver can avoid.",
    "",
    "| Endpoint | Worker | round | req/s | p50 ms | p99 ms | requests | non-2xx | errors |",
    "|---|---|---|---|---|---|---|---|---|",
    ...runs.map(row),
    "",
    `Medians over the ${settings.rounds} rounds:`,
    "",
    "Against the trivial Worker (reads the body, answers; no upstream calls):",
    "",
    "| Endpoint | p99, trivial → receiver: added (target < 10 ms) | req/s, trivial → receiver: ratio (target ≥ 70%) |",
    "|---|---|---|",
    ...endpoints.map((e) => compare(e.label, "trivial")),
    "",
    "Against the baseline Worker, which makes the same upstream calls as the receiver with none of",
    "its checks (telephony: one Twilio create; feedback: one Okta user read and one Twilio",
    "approval per event, in waitUntil); the difference is the receiver's own work:",
    "",
    "| Endpoint | p99, baseline → receiver: added (target < 10 ms) | req/s, baseline → receiver: ratio (target ≥ 70%) |",
    "|---|---|---|",
    ...endpoints.map((e) => compare(e.label, "baseline")),
    "",
    "Without queueing (1 connection, 5 s per Worker): the receiver's own time per request.",
    "",
    "| Endpoint | p50 ms, trivial → receiver | p99 ms, trivial → receiver | req/s, trivial → receiver |",
    "|---|---|---|---|",
    ...endpoints.map((e) => {
      const t = single.find((r) => r.endpoint === e.label && r.worker === "trivial")!;
      const w = single.find((r) => r.endpoint === e.label && r.worker === "receiver")!;
      return `| ${e.label} | ${t.p50} → ${w.p50} | ${t.p99} → ${w.p99} | ${Math.round(t.rps)} → ${Math.round(w.rps)} |`;
    }),
    "",
    `Background feedback work after the runs (warm-ups included): ${upstream.okta.user ?? 0} Okta user reads, ` +
      `${upstream.twilio.approve ?? 0} Twilio approvals, ${upstream.tokensIssued} token(s) issued, ` +
      `${upstream.twilio.create ?? 0} Twilio verifications created; the measured feedback runs accepted ` +
      `${accepted} deliveries. The receiver logged ${log.lines} lines, ${log.errors} at level error.`,
    "",
  ].join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
