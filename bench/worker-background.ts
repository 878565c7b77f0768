// Background feedback for the latency scenarios: keeps one large delivery (300 events by default)
// being fed back by a Worker while a load runs, posting the next as soon as the previous one's
// events have all reached Twilio, and counts what was fed back meanwhile.

import { largeDelivery, sleep, type Upstream } from "./worker-fleet";

export interface BackgroundOptions {
  /** The Worker's event hook URL. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly upstream: Upstream;
  /** Events per delivery, each for a user and phone of its own. */
  readonly events: number;
  readonly prefix: string;
}

/**
 * Users the deliveries rotate through: more than the receiver's cache of normalised numbers
 * holds (2,048), so the background work is measured without its hits.
 */
const ROTATION = 3000;

export interface BackgroundResult<T> {
  readonly result: T;
  /** Deliveries fully fed back while `run` ran (the last one may have finished after it). */
  readonly deliveries: number;
  /** Twilio approvals while `run` ran. */
  readonly approvals: number;
  /** Deliveries not fully fed back within 30 s: feedback that stopped, not feedback that slowed. */
  readonly stalled: number;
}

let sequence = 0;

/** Runs `run` while `options.url` feeds back one large delivery after another. */
export async function whileFeedingBack<T>(
  options: BackgroundOptions,
  run: () => Promise<T>,
): Promise<BackgroundResult<T>> {
  const { upstream, events } = options;
  const start = await upstream.approvals();
  let done = false;
  let deliveries = 0;
  let stalled = 0;
  let firstPosted: () => void = () => {};
  const posted = new Promise<void>((resolve) => (firstPosted = resolve));
  const loop = (async () => {
    while (!done) {
      const before = await upstream.approvals();
      const tag = `bg-${process.pid}-${++sequence}`;
      const body = largeDelivery(events, options.prefix, tag, (sequence * events) % ROTATION);
      const res = await fetch(options.url, { method: "POST", headers: options.headers, body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`background delivery answered ${res.status}`);
      firstPosted();
      const until = Date.now() + 30_000;
      let fedBack = false;
      while (!(fedBack = (await upstream.approvals()) >= before + events) && Date.now() < until) {
        await sleep(10);
      }
      if (fedBack) deliveries++;
      else stalled++;
    }
  })();
  await Promise.race([posted, loop]);
  const result = await run();
  const approvals = (await upstream.approvals()) - start;
  done = true;
  await loop;
  return { result, deliveries, approvals, stalled };
}
