// One record per request a simulator answers: the raw material of test assertions and of the
// reports `rehearse` prints (calls per operation and per rate-limit bucket, 403s, 429s).
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

export class Recorder {
  readonly #calls: CallRecord[] = [];
  readonly #listeners = new Set<(call: CallRecord) => void>();

  record(call: CallRecord): void {
    this.#calls.push(call);
    for (const listener of this.#listeners) listener(call);
  }

  /** Every call so far, oldest first. */
  get calls(): readonly CallRecord[] {
    return this.#calls;
  }

  /** Calls to operations the spec does not describe: answered 404 and kept as gaps. */
  get gaps(): readonly CallRecord[] {
    return this.#calls.filter((c) => c.operation.startsWith("gap:"));
  }

  onCall(listener: (call: CallRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#calls.length = 0;
  }
}
