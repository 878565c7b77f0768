// One record per request a simulator answers: the raw material of test assertions and of the
// reports `rehearse` prints (calls per operation and per rate-limit bucket, 403s, 429s).
// A simulator can run for hours under a benchmark or a long rehearsal, so the recorder keeps only
// a bounded ring of recent calls, beside exact running totals; a consumer that needs every call
// (rehearse attributes each one to its phase) subscribes with `onCall`.
export type SimName = "okta" | "cloudflare" | "twilio";

export interface CallRecord {
  readonly sim: SimName;
  /** The spec operation id, or `gap:<METHOD> <path>` when the request matched none. */
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Who called: a client id, an SSWS token's name, or `anonymous`. Never a secret. */
  readonly caller: string;
  /** The scope that authorized the call, or the one that was missing on a 403. */
  readonly scope?: string;
  /** The rate-limit bucket the call counted against. */
  readonly bucket?: string;
  /** The API's error code for an error answer (Okta E0000047, Cloudflare 10007, Twilio 20404). */
  readonly errorCode?: string;
  /** Wall time spent answering, in real milliseconds. */
  readonly latencyMs: number;
  /** Simulated clock time (ms since epoch) when the call arrived. */
  readonly at: number;
}

/** Exact counts over every call since the recorder started or was last cleared. */
export interface Totals {
  readonly calls: number;
  readonly byOperation: ReadonlyMap<string, number>;
  /** Per operation, calls per answered status (0: a timeout or dropped-connection fault). */
  readonly byOperationStatus: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly byBucket: ReadonlyMap<string, number>;
  readonly byStatus: ReadonlyMap<number, number>;
  readonly byCaller: ReadonlyMap<string, number>;
}

/**
 * Recent calls kept by default: every test and rehearsal report reads far fewer, and 10,000
 * records are a few MB, where keeping all of 381,000 benchmark requests held ~85 MB of heap
 * (docs/BENCHMARKS.md, "Okta simulator").
 */
export const DEFAULT_KEEP = 10_000;

export class Recorder {
  readonly #keep: number;
  /** A ring: `#ring[(#start + i) % #keep]` is the i-th oldest kept call. */
  #ring: CallRecord[] = [];
  #start = 0;
  #total = 0;
  #byOperation = new Map<string, number>();
  #byOperationStatus = new Map<string, Map<number, number>>();
  #byBucket = new Map<string, number>();
  #byStatus = new Map<number, number>();
  #byCaller = new Map<string, number>();
  readonly #listeners = new Set<(call: CallRecord) => void>();
  #inFlight = 0;
  #peakInFlight = 0;

  constructor(options: { readonly keep?: number } = {}) {
    const keep = options.keep ?? DEFAULT_KEEP;
    if (!(Number.isInteger(keep) && keep > 0)) {
      throw new TypeError(`recorder keep must be a positive integer, got ${keep}`);
    }
    this.#keep = keep;
  }

  record(call: CallRecord): void {
    if (this.#ring.length < this.#keep) {
      this.#ring.push(call);
    } else {
      this.#ring[this.#start] = call;
      this.#start = (this.#start + 1) % this.#keep;
    }
    this.#total += 1;
    increment(this.#byOperation, call.operation);
    let statuses = this.#byOperationStatus.get(call.operation);
    if (statuses === undefined) this.#byOperationStatus.set(call.operation, (statuses = new Map()));
    increment(statuses, call.status);
    if (call.bucket !== undefined) increment(this.#byBucket, call.bucket);
    increment(this.#byStatus, call.status);
    increment(this.#byCaller, call.caller);
    for (const listener of this.#listeners) listener(call);
  }

  /** The most recent calls (at most `keep`), oldest first. */
  get calls(): readonly CallRecord[] {
    if (this.#start === 0) return this.#ring;
    return [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)];
  }

  /** Calls since the start or the last clear, including those the ring no longer holds. */
  get total(): number {
    return this.#total;
  }

  /** Calls counted in `total` but no longer in `calls`. */
  get dropped(): number {
    return this.#total - this.#ring.length;
  }

  get totals(): Totals {
    return {
      calls: this.#total,
      byOperation: this.#byOperation,
      byOperationStatus: this.#byOperationStatus,
      byBucket: this.#byBucket,
      byStatus: this.#byStatus,
      byCaller: this.#byCaller,
    };
  }

  /** Exact count of calls to `operation`, optionally only those answered `status`. */
  count(operation: string, status?: number): number {
    return status === undefined
      ? (this.#byOperation.get(operation) ?? 0)
      : (this.#byOperationStatus.get(operation)?.get(status) ?? 0);
  }

  /** Recent calls to operations the spec does not describe: answered 404 and kept as gaps. */
  get gaps(): readonly CallRecord[] {
    return this.calls.filter((c) => c.operation.startsWith("gap:"));
  }

  /**
   * Marks a request as being answered; call the returned function once it is. Okta limits
   * concurrent requests per org (rl-additional-limits: 75) and Twilio answers 20429 "Too many
   * concurrent requests", so how many a client keeps in flight is part of what it does.
   */
  enter(): () => void {
    this.#inFlight += 1;
    this.#peakInFlight = Math.max(this.#peakInFlight, this.#inFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#inFlight -= 1;
    };
  }

  /** Requests being answered now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most requests answered at once since the start or the last clear. */
  get peakInFlight(): number {
    return this.#peakInFlight;
  }

  /** Sees every call as it is recorded; returns the unsubscribe function. */
  onCall(listener: (call: CallRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets the kept calls and resets the totals (and the peak, to what is in flight now). */
  clear(): void {
    this.#peakInFlight = this.#inFlight;
    this.#ring = [];
    this.#start = 0;
    this.#total = 0;
    this.#byOperation = new Map();
    this.#byOperationStatus = new Map();
    this.#byBucket = new Map();
    this.#byStatus = new Map();
    this.#byCaller = new Map();
  }
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
