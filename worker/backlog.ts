// An isolate-wide cap on background feedback work. Deliveries are acknowledged at once and their
// events processed in waitUntil; when they arrive faster than Okta and Twilio answer, that work
// would pile up without bound until the isolate runs out of memory — taking the telephony hook,
// which shares the isolate, down with it. Past the cap, new events' feedback is shed (logged):
// feedback is best-effort fraud insight, the OTP path is not. Nothing waits across requests.

export class Backlog {
  private inFlight = 0;

  constructor(readonly capacity: number) {}

  /** Reserves up to `wanted` slots; returns how many were granted (0 when full). */
  reserve(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.capacity - this.inFlight));
    this.inFlight += granted;
    return granted;
  }

  /** Returns slots reserved earlier. */
  release(count: number): void {
    this.inFlight = Math.max(0, this.inFlight - count);
  }

  get size(): number {
    return this.inFlight;
  }
}
