// The isolate-wide bounds on background feedback work. Deliveries are acknowledged at once and
// their events fed back in waitUntil; when they arrive faster than Okta and Twilio answer, that
// work must neither pile up without bound (the telephony hook shares the isolate and its 128 MB)
// nor flood the upstreams. Two counts, both of real work rather than of deliveries:
//   - in flight: events being fed back right now (each holds one upstream call at a time); past
//     the cap an event waits its turn, first come first served, until its delivery's budget ends;
//   - pending: events accepted and not yet finished (waiting or in flight); past the cap a
//     delivery's further events are shed at once (logged): feedback is best-effort fraud insight,
//     the OTP path is not.

import type { Deadline } from "./deadline";

interface Waiter {
  /** Set once the waiter has its answer (a slot, or its deadline passed), whichever came first. */
  settled: boolean;
  resolve(granted: boolean): void;
}

export class Backlog {
  private inFlight = 0;
  private pendingCount = 0;
  /** Waiting events, oldest first; `head` is the next one to serve (settled ones are skipped). */
  private queue: Waiter[] = [];
  private head = 0;

  constructor(
    readonly maxInFlight: number,
    readonly maxPending: number,
  ) {}

  /** Accepts up to `wanted` events as pending; returns how many (the rest are to be shed). */
  admit(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.maxPending - this.pendingCount));
    this.pendingCount += granted;
    return granted;
  }

  /** An admitted event is done (fed back, failed, skipped or shed). */
  finish(count = 1): void {
    this.pendingCount = Math.max(0, this.pendingCount - count);
  }

  /**
   * Resolves true once the caller holds an in-flight slot (give it back with `release`), or
   * false when `deadline` has passed or passes first. The resolve may come from another delivery's release:
   * workerd runs the continuation in the waiting request's own context (compatibility flag
   * handle_cross_request_promise_resolution, on by default since 2024-10-14).
   */
  async acquire(deadline: Deadline): Promise<boolean> {
    const remaining = deadline.remaining();
    if (remaining <= 0) return false;
    // Below the cap nobody is waiting: release hands a slot to a waiter before freeing it.
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return true;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const granted = await new Promise<boolean>((resolve) => {
      const waiter: Waiter = { settled: false, resolve };
      this.queue.push(waiter);
      timer = setTimeout(() => {
        if (waiter.settled) return;
        waiter.settled = true;
        resolve(false);
      }, remaining);
    });
    // Cleared here, in the waiter's own request context, where the timer was set.
    clearTimeout(timer);
    return granted;
  }

  /** Gives a slot back: to the oldest waiter still waiting, else to the pool. */
  release(): void {
    while (this.head < this.queue.length) {
      const waiter = this.queue[this.head++]!;
      if (waiter.settled) continue;
      waiter.settled = true;
      this.compact();
      waiter.resolve(true);
      return;
    }
    this.compact();
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  get pending(): number {
    return this.pendingCount;
  }

  get waiting(): number {
    return this.queue.slice(this.head).filter((w) => !w.settled).length;
  }

  /** Drops served entries once they are most of the array, so it never grows without bound. */
  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
