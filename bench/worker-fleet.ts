// The Workers the hook receiver benchmark compares (the receiver's bundle, a trivial Worker and a
// same-I/O baseline Worker), each in a workerd process of its own, the Okta and Twilio simulators
// in a child process (bench/upstream.ts), and the request bodies every scenario sends.

import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleWorker } from "../worker/build";
import { DELIVERY_OUTCOMES } from "../worker/delivery-outcomes";
import { fixture } from "../test/worker/support/fixtures";
import type { BodyTemplate, Hole } from "./load";
import { startWorkerd, type RunningWorker } from "./workerd";

const COMPATIBILITY_DATE = "2025-09-01";
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
 * approve by phone, all of a delivery's events at once), answer. Comparing with it isolates the
 * receiver's own overhead from the upstream round trips, which share these CPUs with everything
 * else. "Same" is byte for byte where the upstream sees it (headers, form fields, Locale included:
 * the simulators' work is on these CPUs too); test/bench/worker-fleet.test.ts holds it to that.
 */
const BASELINE_WORKER = `export default {
  async fetch(request, env, ctx) {
    const body = await request.json();
    const twilio = { authorization: env.TWILIO_BASIC, "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
    const service = env.TWILIO_URL + "/v2/Services/" + env.SERVICE_SID + "/Verifications";
    if (new URL(request.url).pathname === "/okta/telephony") {
      const m = body.data.messageProfile;
      const form = new URLSearchParams({ To: "+1" + m.phoneNumber, Channel: "sms", CustomCode: String(m.otpCode), Locale: m.locale.slice(0, 2).toLowerCase() });
      const v = await (await fetch(service, { method: "POST", headers: twilio, body: form })).json();
      return Response.json({ commands: [{ type: "com.okta.telephony.action", value: [{ status: "SUCCESSFUL", provider: "Twilio Verify", transactionId: v.sid }] }] });
    }
    const events = (body.data.events || []).filter((e) => e.eventType === "user.authentication.auth_via_mfa");
    ctx.waitUntil(Promise.all(events.map(async (e) => {
      const user = await (await fetch(env.OKTA_URL + "/api/v1/users/" + e.actor.id, { headers: { accept: "application/json", authorization: "Bearer " + env.OKTA_TOKEN } })).json();
      const phone = encodeURIComponent(String(user.profile.mobilePhone).replace(/[^+0-9]/g, ""));
      await (await fetch(service + "/" + phone, { method: "POST", headers: twilio, body: "Status=approved" })).text();
    })));
    return new Response(null, { status: 200 });
  },
};`;

export const WORKERS = ["trivial", "baseline", "receiver"] as const;
export type WorkerName = (typeof WORKERS)[number];

export interface UpstreamStats {
  readonly okta: Readonly<Record<string, number>>;
  readonly twilio: Readonly<Record<string, number>>;
}

/** The Okta and Twilio simulators, in a child process. */
export class Upstream {
  private constructor(
    private readonly child: ChildProcess,
    readonly oktaUrl: string,
    readonly twilioUrl: string,
  ) {}

  static async start(message: Record<string, unknown>): Promise<Upstream> {
    const child = fork(path.join(__dirname, "upstream.ts"), [], { execArgv: ["--import", "tsx"] });
    const ready = await ask(child, { type: "start", ...message }, "ready");
    return new Upstream(child, String(ready.oktaUrl), String(ready.twilioUrl));
  }

  async stats(): Promise<UpstreamStats> {
    return (await ask(this.child, { type: "stats" }, "stats")) as unknown as UpstreamStats;
  }

  /** Twilio approvals so far (every feedback event that reached Twilio). */
  async approvals(): Promise<number> {
    return (await this.stats()).twilio.approve ?? 0;
  }

  /** Delays every upstream reply by `ms` (0: answer at once). */
  async latency(ms: number): Promise<void> {
    await ask(this.child, { type: "latency", ms }, "latency");
  }

  /** A fresh access token for the baseline Worker (Okta's last an hour). */
  async baselineToken(): Promise<string> {
    return String((await ask(this.child, { type: "token" }, "token")).token);
  }

  /**
   * Waits until the upstream counters stop moving (waitUntil work is done), then cancels the
   * verifications still pending, so the next run may send to the same numbers, and returns them.
   */
  async drained(): Promise<UpstreamStats> {
    let stats = await this.stats();
    for (let i = 0; i < 120; i++) {
      await sleep(500);
      const next = await this.stats();
      if (JSON.stringify(next) === JSON.stringify(stats)) break;
      stats = next;
    }
    await ask(this.child, { type: "settle" }, "settle");
    return stats;
  }

  stop(): void {
    this.child.send({ type: "stop" });
  }
}

function ask(
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Fleet {
  readonly upstream: Upstream;
  readonly eventHeaders: Readonly<Record<string, string>>;
  readonly telephonyHeaders: Readonly<Record<string, string>>;
  /** The receiver's log file (its console.log lines), appended to by every receiver process. */
  readonly receiverLog: string;
  /** Fresh workerd processes for the named Workers (the receiver with `receiverBindings`). */
  start(
    names: readonly WorkerName[],
    options?: {
      v8Flags?: readonly string[];
      receiverBindings?: Readonly<Record<string, string>>;
      /** Extra `workerd serve` flags for the receiver (e.g. the inspector, to profile it). */
      receiverArgs?: readonly string[];
      /** Another build of the receiver, to compare with this one. */
      receiverScript?: string;
    },
  ): Promise<Partial<Record<WorkerName, RunningWorker>>>;
  stop(): void;
}

/** The secrets a fleet generates for its Workers, fresh for each fleet. */
export interface FleetSecrets {
  readonly receiverKeyPkcs8: string;
  readonly eventSecret: string;
  readonly telephonySecret: string;
  readonly twilioAuthToken: string;
}

/** Each Worker's script and text bindings, for upstreams at these URLs. */
export async function workerScripts(
  upstream: { readonly oktaUrl: string; readonly twilioUrl: string },
  secrets: FleetSecrets,
): Promise<Record<WorkerName, { script: string; bindings: Record<string, string> }>> {
  const origin = (url: string) => url.replace(/\/$/, "");
  return {
    trivial: { script: TRIVIAL_WORKER, bindings: {} },
    baseline: {
      script: BASELINE_WORKER,
      bindings: {
        OKTA_URL: origin(upstream.oktaUrl),
        TWILIO_URL: origin(upstream.twilioUrl),
        TWILIO_BASIC: `Basic ${Buffer.from(`${ACCOUNT_SID}:${secrets.twilioAuthToken}`).toString("base64")}`,
        SERVICE_SID,
      },
    },
    receiver: {
      script: (await bundleWorker()).code,
      bindings: {
        OKTA_ORG_URL: upstream.oktaUrl,
        OKTA_CLIENT_ID: CLIENT_ID,
        OKTA_PRIVATE_KEY: secrets.receiverKeyPkcs8,
        OKTA_KEY_ID: KID,
        OKTA_DPOP: "false",
        EVENT_HOOK_AUTH_HEADER: "authorization",
        EVENT_HOOK_SECRET: secrets.eventSecret,
        TELEPHONY_AUTH_HEADER: "x-telephony-key",
        TELEPHONY_SECRET: secrets.telephonySecret,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: secrets.twilioAuthToken,
        TWILIO_VERIFY_SERVICE_SID: SERVICE_SID,
        TWILIO_API_BASE: upstream.twilioUrl,
      },
    },
  };
}

/** The headers each hook's requests carry, for the secrets the Workers were given. */
export function hookHeaders(secrets: FleetSecrets) {
  return {
    eventHeaders: { "content-type": "application/json", authorization: secrets.eventSecret },
    telephonyHeaders: {
      "content-type": "application/json",
      "x-telephony-key": secrets.telephonySecret,
    },
  };
}

/** Fresh secrets, and the receiver's signing key's public half for the Okta simulator. */
export async function fleetSecrets(): Promise<{ secrets: FleetSecrets; publicJwk: object }> {
  const jose = await import("jose");
  const { privateKey, publicKey } = await jose.generateKeyPair("RS256", { extractable: true });
  return {
    secrets: {
      receiverKeyPkcs8: await jose.exportPKCS8(privateKey),
      eventSecret: randomBytes(24).toString("hex"),
      telephonySecret: randomBytes(24).toString("hex"),
      twilioAuthToken: randomBytes(16).toString("hex"),
    },
    publicJwk: { ...(await jose.exportJWK(publicKey)), kid: KID },
  };
}

export async function startFleet(): Promise<Fleet> {
  const { secrets, publicJwk } = await fleetSecrets();
  const upstream = await Upstream.start({
    clientId: CLIENT_ID,
    publicJwk,
    accountSid: ACCOUNT_SID,
    authToken: secrets.twilioAuthToken,
    serviceSid: SERVICE_SID,
  });
  const logDir = mkdtempSync(path.join(os.tmpdir(), "oktaplane-bench-"));
  const receiverLog = path.join(logDir, "log");
  const scripts = await workerScripts(upstream, secrets);

  return {
    upstream,
    ...hookHeaders(secrets),
    receiverLog,
    async start(names, options = {}) {
      const running: Partial<Record<WorkerName, RunningWorker>> = {};
      for (const name of names) {
        const { script } = scripts[name];
        const bindings =
          name === "baseline"
            ? { ...scripts.baseline.bindings, OKTA_TOKEN: await upstream.baselineToken() }
            : scripts[name].bindings;
        running[name] = await startWorkerd({
          script: name === "receiver" ? (options.receiverScript ?? script) : script,
          compatibilityDate: COMPATIBILITY_DATE,
          bindings: name === "receiver" ? { ...bindings, ...options.receiverBindings } : bindings,
          v8Flags: options.v8Flags,
          args: name === "receiver" ? options.receiverArgs : undefined,
          // A file, not a pipe (see bench/workerd.ts); counted at the end, then deleted.
          stdoutFile: name === "receiver" ? receiverLog : undefined,
        });
      }
      return running;
    },
    stop() {
      upstream.stop();
    },
  };
}

type Delivery = { data: { events: Array<Record<string, unknown>> } };

/** The documented user.session.start delivery: acknowledged, nothing to feed back. */
export function ackOnlyBody(): string {
  return JSON.stringify(fixture("okta-event-hook-delivery-user-session-start.json"));
}

/**
 * One SMS MFA success per delivery, with a unique uuid per request (so de-duplication does not
 * short-circuit the feedback work) for a different user, and so phone, each time.
 */
export function feedbackBody(): BodyTemplate {
  const delivery = fixture<Delivery>("okta-event-hook-auth-via-mfa.DERIVED.json");
  const event = delivery.data.events[0]!;
  event.uuid = HOLE.id;
  event.actor = { ...(event.actor as object), id: `00uFb${HOLE.digits6}` };
  return toTemplate(delivery);
}

/**
 * The documented telephony request with a unique eventId per request (the receiver answers a
 * repeated one as a replay) and a different number each time, valid in the default region: the
 * documented 9876543210 is not (the receiver would not send to it), and a repeated number would
 * only measure the receiver's cache of normalised numbers.
 */
export function telephonyBody(): BodyTemplate {
  const request = fixture<{ eventId: string; data: { messageProfile: Record<string, unknown> } }>(
    "okta-telephony-hook-request.json",
  );
  request.eventId = HOLE.id;
  request.data.messageProfile.phoneNumber = `2015${HOLE.digits6}`;
  return toTemplate(request);
}

const HOLE: Readonly<Record<Hole, string>> = { id: "@@ID@@", digits6: "@@DIGITS6@@" };

/** Splits the JSON of `value` at the HOLE markers it contains, in order. */
function toTemplate(value: unknown): BodyTemplate {
  const text = JSON.stringify(value);
  const marker = /@@ID@@|@@DIGITS6@@/g;
  const holes = [...text.matchAll(marker)].map((m) => (m[0] === HOLE.id ? "id" : "digits6"));
  return { parts: text.split(marker), holes };
}

/**
 * A delivery of `count` documented SMS MFA events (~2.2 KB each), uuids unique to `tag`, for
 * users `${prefix}` + six digits from `first` on: one user, and phone, per event (the simulated
 * org gives each such id a phone of its own, bench/upstream.ts).
 */
export function largeDelivery(count: number, prefix: string, tag: string, first = 0): string {
  const delivery = fixture<Delivery>("okta-event-hook-auth-via-mfa.DERIVED.json");
  const template = delivery.data.events[0]!;
  delivery.data.events = Array.from({ length: count }, (_, i) => ({
    ...template,
    uuid: `${tag}-${i}`,
    actor: {
      ...(template.actor as object),
      id: `${prefix}${String((first + i) % 1_000_000).padStart(6, "0")}`,
    },
  }));
  return JSON.stringify(delivery);
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  return statusMb(pid, "VmHWM");
}

/** Resident memory of a process now (VmRSS), in MB. */
export function rssMb(pid: number): number {
  return statusMb(pid, "VmRSS");
}

function statusMb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

const CLOCK_TICKS_PER_S = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/** CPU time a process has used so far, user and system, in µs (/proc/<pid>/stat). */
export function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_S;
}

/** The machine's 1-minute load average, as `uptime` shows it. */
export function loadAverage(): number {
  return os.loadavg()[0]!;
}

export interface LogCount {
  readonly lines: number;
  readonly errors: number;
  /** Sums of the counts in the receiver's `event_hook.delivery_done` lines. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** What countLog read: the counts, and where it stopped (after the last complete line). */
export interface LogTail extends LogCount {
  /** Byte offset to pass as `from` to count only the lines written after these. */
  readonly end: number;
}

/**
 * Counts the receiver log's lines and error lines from byte `from` on, and sums its deliveries'
 * outcomes. Reads in chunks: a full run's log is hundreds of MB (644,000 lines in the 7163b9b
 * run), past what one string may hold at longer settings, and the burst polls it while waiting.
 * A line still being written (no newline yet) is left for the next call.
 */
export function countLog(file: string, from = 0, chunkBytes = 1 << 20): LogTail {
  const outcomes: Record<string, number> = Object.fromEntries(DELIVERY_OUTCOMES.map((o) => [o, 0]));
  let lines = 0;
  let errors = 0;
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return { lines, errors, outcomes, end: from }; // nothing logged yet
  }
  let end = from;
  try {
    const chunk = Buffer.alloc(chunkBytes);
    let pending = Buffer.alloc(0);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkBytes, end + pending.length);
      if (read === 0) break;
      // A newline byte never occurs inside a UTF-8 sequence: splitting bytes on it is safe.
      let text = Buffer.concat([pending, chunk.subarray(0, read)]);
      let newline: number;
      while ((newline = text.indexOf(10)) >= 0) {
        const line = text.subarray(0, newline).toString("utf8");
        text = text.subarray(newline + 1);
        end += newline + 1;
        if (line === "") continue;
        lines++;
        if (line.includes('"level":"error"')) errors++;
        if (!line.includes('"msg":"event_hook.delivery_done"')) continue;
        const done = JSON.parse(line) as Record<string, unknown>;
        for (const o of DELIVERY_OUTCOMES)
          outcomes[o]! += typeof done[o] === "number" ? done[o] : 0;
      }
      pending = Buffer.from(text);
    }
  } finally {
    closeSync(fd);
  }
  return { lines, errors, outcomes, end };
}

/** Deletes the receiver log's temporary directory. */
export function removeLog(file: string): void {
  rmSync(path.dirname(file), { recursive: true, force: true });
}
