// The burst scenario of the hook receiver benchmark: many qualifying events within a few seconds
// on one fresh isolate (workerd process), with the upstreams answering at once or after a real
// round trip; measures how many were fed back, how many shed, how long it took and peak memory.

import { DELIVERY_OUTCOMES } from "../worker/delivery-outcomes";
import {
  countLog,
  largeDelivery,
  peakRssMb,
  rssMb,
  sleep,
  type Fleet,
  type WorkerName,
} from "./worker-fleet";

export interface BurstShape {
  readonly label: string;
  /** Deliveries, and events in each (every event for a user and phone of its own). */
  readonly deliveries: number;
  readonly eventsPerDelivery: number;
  /** Time over which the deliveries are posted, evenly spaced; 0: all at once. */
  readonly spreadMs: number;
}

export const BURST_SHAPES: readonly BurstShape[] = [
  {
    label: "1,000 events: 100 deliveries of 10 over 10 s",
    deliveries: 100,
    eventsPerDelivery: 10,
    spreadMs: 10_000,
  },
  {
    label: "1,000 events: 4 deliveries of 250 at once",
    deliveries: 4,
    eventsPerDelivery: 250,
    spreadMs: 0,
  },
  {
    label: "overload, 12,000 events: 40 deliveries of 300 at once",
    deliveries: 40,
    eventsPerDelivery: 300,
    spreadMs: 0,
  },
];

export const BURST_USERS = "00uBurst";

export interface BurstRun {
  readonly shape: string;
  readonly worker: WorkerName;
  /** Upstream latency per call (Okta read, Twilio approval), ms. */
  readonly latencyMs: number;
  readonly events: number;
  /** Events that reached Twilio. */
  readonly approved: number;
  /** Events the receiver's delivery summaries count as shed, as failed, and in all. */
  readonly shed: number;
  readonly failed: number;
  readonly accounted: number;
  /** Deliveries not answered 200 (a process that ran out of memory answers nothing). */
  readonly refused: number;
  /** From the first delivery posted to the last approval, ms. */
  readonly fedBackMs: number;
  /** The workerd process's resident memory before the burst and at its peak, MB. */
  readonly idleRssMb: number;
  readonly peakRssMb: number;
  /** The process was still running at the end (it would not be after running out of memory). */
  readonly survived: boolean;
  /** The machine's 1-minute load average when the burst started. */
  readonly load: number;
}

/** V8's old space capped at Cloudflare's isolate memory limit: running out of it ends the process. */
export const ISOLATE_LIMIT_FLAGS = ["--max-old-space-size=128"];

export async function runBurst(
  fleet: Fleet,
  worker: WorkerName,
  shape: BurstShape,
  latencyMs: number,
  load: number,
): Promise<BurstRun> {
  const running = (await fleet.start([worker], { v8Flags: ISOLATE_LIMIT_FLAGS }))[worker]!;
  const url = new URL("/okta/events", running.url).toString();
  const events = shape.deliveries * shape.eventsPerDelivery;
  try {
    await fleet.upstream.latency(0);
    // Warm the isolate (first request: bundle compiled, keys imported, token fetched).
    if (!(await post(url, fleet, largeDelivery(1, BURST_USERS, `warm-${Date.now()}`)))) {
      throw new Error(`${worker} refused the warm-up delivery`);
    }
    await fleet.upstream.drained();
    await fleet.upstream.latency(latencyMs);
    const idleRssMb = rssMb(running.pid);
    const before = countLog(fleet.receiverLog).end;
    const approvedBefore = await fleet.upstream.approvals();
    const tag = `burst-${Date.now()}`;
    const started = Date.now();
    const posts: Promise<boolean>[] = [];
    for (let d = 0; d < shape.deliveries; d++) {
      const at = shape.spreadMs === 0 ? 0 : (shape.spreadMs * d) / shape.deliveries;
      const wait = started + at - Date.now();
      if (wait > 0) await sleep(wait);
      const body = largeDelivery(
        shape.eventsPerDelivery,
        BURST_USERS,
        `${tag}-${d}`,
        d * shape.eventsPerDelivery,
      );
      posts.push(post(url, fleet, body));
    }
    const refused = (await Promise.all(posts)).filter((ok) => !ok).length;
    // Fed back when the approvals stop growing (or all arrived); the budget is 25 s per delivery.
    let approved = 0;
    let lastChange = Date.now();
    let fedBackAt = started;
    while (Date.now() - lastChange < 3000 && Date.now() - started < 60_000) {
      await sleep(50);
      const now = (await fleet.upstream.approvals()) - approvedBefore;
      if (now !== approved) {
        approved = now;
        lastChange = Date.now();
        fedBackAt = lastChange;
      }
      if (approved >= events) break;
    }
    const survived = running.exitCode() === null;
    // Every delivery logs its summary when its work ends (at the latest at its 25 s budget).
    // Only the burst's own lines: the log holds every earlier run's too.
    let after = countLog(fleet.receiverLog, before).outcomes;
    for (let i = 0; worker === "receiver" && i < 100; i++) {
      const done = DELIVERY_OUTCOMES.reduce((sum, k) => sum + after[k]!, 0);
      if (done >= events) break;
      await sleep(100);
      after = countLog(fleet.receiverLog, before).outcomes;
    }
    return {
      shape: shape.label,
      worker,
      latencyMs,
      events,
      approved,
      shed: after.shed!,
      failed: after.failed!,
      accounted: DELIVERY_OUTCOMES.reduce((sum, k) => sum + after[k]!, 0),
      refused,
      fedBackMs: fedBackAt - started,
      idleRssMb,
      peakRssMb: survived ? peakRssMb(running.pid) : NaN,
      survived,
      load,
    };
  } finally {
    await fleet.upstream.latency(0);
    await running.stop();
  }
}

/** True when the delivery was acknowledged with 200. */
async function post(url: string, fleet: Fleet, body: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: "POST", headers: fleet.eventHeaders, body });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}
