// The isolate-wide bounds on background feedback work. Deliveries are acknowledged at once and
// their events fed back in waitUntil; when they arrive faster than Okta and Twilio answer, that
// work must neither pile up without bound (the telephony hook shares the isolate and its 128 MB)
// nor flood the upstreams. Two counts, both of real work rather than of deliveries:
//   - in flight: events being fed back right now (each holds one upstream call at a time); past
//     the cap an event waits its turn, first come first served, until its delivery's budget ends;
//   - pending: events accepted and not yet finished (waiting or in flight); past the cap a
//     delivery's further events are shed at once (logged): feedback is best-effort fraud insight,
//     the OTP path is not.
// It also counts the hook requests being answered, so that feedback gives way to them.

import type { Deadline } from "./deadline";

/** Longest a background step waits for answers in progress, so feedback still moves under load. */
export const GIVE_WAY_MAX_MS = 20;

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
  /** Hook requests being answered now, and background steps waiting for them to be done. */
  private answering = 0;
  private readonly givingWay = new Set<() => void>();

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
   * false when `deadline` has passed or passes first. The resolve may come from another
   * delivery's release: workerd runs the continuation in the waiting request's own context
   * (compatibility flag handle_cross_request_promise_resolution, on by default since 2024-10-14).
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

  /** A hook request is being answered: background steps give way until it is done. */
  answerStarted(): void {
    this.answering++;
  }

  answerDone(): void {
    this.answering = Math.max(0, this.answering - 1);
    // Nothing gives way most of the time: no copy of the empty set on every answer.
    if (this.answering > 0 || this.givingWay.size === 0) return;
    const waiting = [...this.givingWay];
    this.givingWay.clear();
    for (const resume of waiting) resume();
  }

  /**
   * Resolves at once when no answer is in progress, else when the last one is done or after
   * GIVE_WAY_MAX_MS. Background feedback awaits this before it starts an upstream call: the
   * isolate has one thread, and what it runs next is whatever is ready first, so feedback that
   * starts nothing new while Okta waits for an answer leaves that answer less to queue behind.
   */
  async giveWay(): Promise<void> {
    if (this.answering === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve) => {
      this.givingWay.add(resolve);
      timer = setTimeout(() => {
        this.givingWay.delete(resolve);
        resolve();
      }, GIVE_WAY_MAX_MS);
    });
    clearTimeout(timer);
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
