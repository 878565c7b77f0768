// Time budgets and bounded outbound calls: every upstream request runs under a timer, and the
// outcome says whether an answer came back, the timer fired (maybe sent) or the network failed.

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/** A point in time after which no new work should start. */
export class Deadline {
  private readonly end: number;
  constructor(
    budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.end = now() + budgetMs;
  }
  remaining(): number {
    return Math.max(0, this.end - this.now());
  }
}

export type CallOutcome =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly headers: Headers;
      readonly text: string;
    }
  /** The timer fired after the request left: the upstream may or may not have acted on it. */
  | { readonly kind: "timeout" }
  /** fetch rejected (DNS, connect, TLS, reset) before any response arrived. */
  | { readonly kind: "network" };

/**
 * One request, body included, bounded by `timeoutMs`. `AbortSignal.timeout` keeps the timer in
 * the runtime: one object per call instead of a controller, a JS timer and its clearing.
 */
export async function call(
  fetchFn: FetchFn,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<CallOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchFn(url, { ...init, signal });
    const text = await response.text();
    return { kind: "response", status: response.status, headers: response.headers, text };
  } catch {
    return signal.aborted ? { kind: "timeout" } : { kind: "network" };
  }
}

/**
 * How often work waiting for another request's progress looks again. It polls on its own timer:
 * a promise resolved from another request's context breaks the waiter's next fetch in workerd
 * (backlog.ts says how).
 */
export const POLL_MS = 1;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Parses a JSON text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
