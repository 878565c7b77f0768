// Okta's per-minute rate-limit buckets (developer.okta.com/docs/reference/rl-global-mgmt/, as
// PROVIDERS.md "Rate limits" condenses them), counted per client, with the x-rate-limit-* headers
// every answer carries, plus the org's concurrency limit (…/rl-additional-limits/).
import type { SimClock } from "../shared/clock";
import type { SpecOperation } from "../../spec/oktaOperations";

export interface Bucket {
  readonly name: string;
  /** Requests per minute. */
  readonly limit: number;
}

export interface RateLimitOptions {
  /** Per-minute limits by bucket name, overriding the defaults below. */
  readonly buckets?: Readonly<Partial<Record<BucketName, number>>>;
  /**
   * Share of each bucket a client gets: Okta gives console-created tokens and apps 50 % by
   * default (PROVIDERS.md). @default 1
   */
  readonly share?: number;
  /** Requests in flight at once across the org before 429. @default 75 */
  readonly concurrency?: number;
  /** Turn rate limiting off entirely (headers are still sent). @default true */
  readonly enabled?: boolean;
}

/**
 * Per-minute limits of an Enterprise org (developer.okta.com/docs/reference/rl-global-mgmt/):
 * `/api/v1/apps` and every `/api/v1/apps/*` endpoint 100 (20 on a free developer org), explicit
 * calls to one app instance 600 (500 Workforce), `/oauth2/v1/clients` 100, most other `/api/v1` 600.
 */
export const DEFAULT_BUCKETS = {
  "api/v1/apps": 100,
  "api/v1/apps/{id}": 600,
  "oauth2/v1/clients": 100,
  "oauth2/v1/token": 600,
  "api/v1/users": 600,
  "api/v1/other": 600,
} as const;

export type BucketName = keyof typeof DEFAULT_BUCKETS;

/** Which bucket an operation counts against, by its path template. */
export function bucketOf(op: Pick<SpecOperation, "path">): BucketName {
  const p = op.path;
  if (p === "/oauth2/v1/token") return "oauth2/v1/token";
  if (p.startsWith("/oauth2/v1/clients")) return "oauth2/v1/clients";
  // rl-global-mgmt: "Explicit calls to the app instance: /api/v1/apps/{id}" get 600; "Calls to
  // the /api/v1/apps endpoint and all other endpoints of the form /api/v1/apps/* including
  // /api/v1/apps/{id}/*" share 100, so lifecycle, grants, policy and credentials calls do too.
  if (p === "/api/v1/apps/{appId}") return "api/v1/apps/{id}";
  if (p === "/api/v1/apps" || p.startsWith("/api/v1/apps/")) return "api/v1/apps";
  if (p.startsWith("/api/v1/users")) return "api/v1/users";
  return "api/v1/other";
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly bucket: BucketName;
  readonly headers: Readonly<Record<string, string>>;
}

interface Window {
  start: number;
  used: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #limits: Record<BucketName, number>;
  readonly #share: number;
  readonly #enabled: boolean;
  readonly concurrency: number;
  #inFlight = 0;

  constructor(
    private readonly clock: SimClock,
    options: RateLimitOptions = {},
  ) {
    this.#limits = { ...DEFAULT_BUCKETS, ...options.buckets } as Record<BucketName, number>;
    this.#share = options.share ?? 1;
    if (!(this.#share > 0 && this.#share <= 1)) {
      throw new TypeError(`rateLimits.share must be in (0, 1], got ${options.share}`);
    }
    this.#enabled = options.enabled ?? true;
    this.concurrency = options.concurrency ?? 75;
  }

  /** Counts one call of `caller` against `bucket` in the current minute. */
  take(caller: string, bucket: BucketName): RateDecision {
    const now = this.clock.now();
    const limit = Math.max(1, Math.floor(this.#limits[bucket] * this.#share));
    const key = `${caller}\u0000${bucket}`;
    // Per-minute windows on the clock's minute boundaries, so the reset is a whole epoch minute.
    const start = Math.floor(now / 60_000) * 60_000;
    let w = this.#windows.get(key);
    if (w === undefined || w.start !== start) {
      w = { start, used: 0 };
      this.#windows.set(key, w);
    }
    const allowed = !this.#enabled || w.used < limit;
    if (allowed) w.used += 1;
    return {
      allowed,
      bucket,
      headers: {
        "x-rate-limit-limit": String(limit),
        "x-rate-limit-remaining": String(Math.max(0, limit - w.used)),
        // Epoch seconds of the window's end, on the simulated clock.
        "x-rate-limit-reset": String((w.start + 60_000) / 1000),
      },
    };
  }

  /** Admits one request into the concurrency limit; call the returned release when it is answered. */
  enter(): (() => void) | undefined {
    if (this.#enabled && this.#inFlight >= this.concurrency) return undefined;
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.#inFlight -= 1;
      }
    };
  }

  reset(): void {
    this.#windows.clear();
  }
}
