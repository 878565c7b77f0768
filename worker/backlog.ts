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
//
// Waiting is done by polling on the waiter's own timer, never by another request resolving the
// waiter's promise. Background work runs in its delivery's request context; a promise resolved
// from another request's context (a telephony answer finishing, another delivery releasing a slot)
// makes workerd run the continuation with I/O state of the wrong request, and its next fetch fails
// with "Cannot perform I/O on behalf of a different request (I/O type: SpanParent)". Measured:
// bench/worker.ts --scenarios background lost whole deliveries to it (docs/BENCHMARKS.md).

import { POLL_MS, sleep, type Deadline } from "./deadline";

export { POLL_MS };

/** Longest a background step waits for answers in progress, so feedback still moves under load. */
export const GIVE_WAY_MAX_MS = 20;
/** The longest a waiter sleeps between looks, however far back in the queue it is. */
export const MAX_POLL_MS = 1_000;
/** How often a waiter further back than the in-flight cap looks while the rate is unmeasured. */
const UNMEASURED_POLL_MS = 16;
/** Slots granted per ms are re-estimated over windows at least this long. */
const RATE_WINDOW_MS = 100;
/**
 * An answer not done after this long is taken as gone. A request whose client hangs up can be
 * cancelled by the runtime before its `finally` runs, and a count that never comes down would
 * hold all feedback to GIVE_WAY_MAX_MS steps. Okta waits 3 s for any hook answer.
 */
export const ANSWER_MAX_MS = 5_000;
/**
 * After an answer, feedback waits this long for the next before it counts the isolate as quiet:
 * under a steady stream of hook requests the gaps between answers are a millisecond or two, and
 * feedback that starts in each of them still leaves the next answer queueing behind it.
 */
export const ANSWER_QUIET_MS = 2;

interface Waiter {
  readonly ticket: number;
  /** Set by release: the slot is this waiter's. */
  granted: boolean;
  /** Set by the waiter when its deadline passed first: release skips it. */
  gaveUp: boolean;
}

export class Backlog {
  private inFlight = 0;
  private pendingCount = 0;
  /** Waiting events, oldest first; `head` is the next one to serve (given-up ones are skipped). */
  private queue: Waiter[] = [];
  private head = 0;
  /** The queue holds consecutive tickets, up to nextTicket - 1. */
  private nextTicket = 0;
  /** Tickets served per ms lately (0 until measured), and the window it is measured over. */
  private rate = 0;
  private windowStart = 0;
  private servedAtWindowStart = 0;
  /** Hook requests being answered now: their start times by id, oldest first. */
  private readonly answers = new Map<number, number>();
  private nextAnswer = 0;
  /** When the latest answer was done (-Infinity: none yet). */
  private lastAnswerDone = -Infinity;

  constructor(
    readonly maxInFlight: number,
    readonly maxPending: number,
    private readonly now: () => number = Date.now,
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
   * Resolves true once the caller holds an in-flight slot (give it back with `release`) with at
   * least `minMs` of `deadline` left, or false when less is left first.
   */
  async acquire(deadline: Deadline, minMs = 1): Promise<boolean> {
    const inTime = () => deadline.remaining() >= minMs;
    if (!inTime()) return false;
    // Below the cap nobody is waiting: release hands a slot to a waiter before freeing it.
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return true;
    }
    const waiter: Waiter = { ticket: this.nextTicket++, granted: false, gaveUp: false };
    this.queue.push(waiter);
    while (!waiter.granted && inTime()) await sleep(this.pollDelay(waiter));
    if (!waiter.granted) {
      waiter.gaveUp = true;
      return false;
    }
    // Granted just as the time ran out: too late to start, so the slot goes on to the next.
    if (!inTime()) {
      this.release();
      return false;
    }
    return true;
  }

  /** A hook request is being answered: background steps give way until `answerDone(id)`. */
  answerStarted(): number {
    const id = this.nextAnswer++;
    this.answers.set(id, this.now());
    return id;
  }

  answerDone(id: number): void {
    this.answers.delete(id);
    this.lastAnswerDone = this.now();
  }

  /**
   * Resolves at once when no answer is in progress, else when none is or after GIVE_WAY_MAX_MS.
   * Background feedback awaits this before it starts an upstream call: the isolate has one
   * thread, and what it runs next is whatever is ready first, so feedback that starts nothing
   * new while Okta waits for an answer leaves that answer less to queue behind.
   */
  async giveWay(): Promise<void> {
    if (!this.answering()) return;
    const end = this.now() + GIVE_WAY_MAX_MS;
    do await sleep(POLL_MS);
    while (this.answering() && this.now() < end);
  }

  /** Gives a slot back: to the oldest waiter still waiting, else to the pool. */
  release(): void {
    while (this.head < this.queue.length) {
      const waiter = this.queue[this.head++]!;
      this.measure();
      if (waiter.gaveUp) continue;
      waiter.granted = true;
      this.compact();
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
    let count = 0;
    for (let i = this.head; i < this.queue.length; i++) if (!this.queue[i]!.gaveUp) count++;
    return count;
  }

  /** Tickets below this have been served or skipped: a waiter's distance from being next. */
  private get served(): number {
    return this.nextTicket - (this.queue.length - this.head);
  }

  /**
   * How long `waiter` sleeps before it looks again: half the time the tickets ahead of it take
   * at the rate slots have lately been granted, so each look halves its distance and a queue of
   * thousands costs a few looks per waiter rather than one per waiter per millisecond.
   */
  private pollDelay(waiter: Waiter): number {
    const ahead = waiter.ticket - this.served;
    if (ahead <= 0) return POLL_MS;
    // Rate not measured yet: those that may go soon look often, the rest now and then.
    if (this.rate === 0) return ahead < this.maxInFlight ? POLL_MS : UNMEASURED_POLL_MS;
    return Math.min(MAX_POLL_MS, Math.max(POLL_MS, ahead / this.rate / 2));
  }

  /** Re-estimates the grant rate once the current window is long enough. */
  private measure(): void {
    const now = this.now();
    if (this.windowStart === 0) {
      [this.windowStart, this.servedAtWindowStart] = [now, this.served];
    } else if (now - this.windowStart >= RATE_WINDOW_MS) {
      this.rate = (this.served - this.servedAtWindowStart) / (now - this.windowStart);
      [this.windowStart, this.servedAtWindowStart] = [now, this.served];
    }
  }

  /**
   * Whether an answer is in progress or one was done under ANSWER_QUIET_MS ago; forgets answers
   * older than ANSWER_MAX_MS (oldest first).
   */
  private answering(): boolean {
    const now = this.now();
    const stale = now - ANSWER_MAX_MS;
    for (const [id, started] of this.answers) {
      if (started > stale) return true;
      this.answers.delete(id);
    }
    return now - this.lastAnswerDone < ANSWER_QUIET_MS;
  }

  /** Drops served entries once they are most of the array, so it never grows without bound. */
  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      // A rate measured across idle time would be too low: measure afresh when a queue forms.
      [this.rate, this.windowStart] = [0, 0];
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
