// Per-environment defaults: the Okta provider's throttling, and protection of what a delete
// would revoke. Prod leaves most of each rate-limit bucket to the org's real traffic.

import type { Environment, RateLimitConfig } from "./types";

export type { Environment };

/** Resolved provider rate-limit settings (all fields set). */
export type RateLimits = Required<RateLimitConfig>;

/**
 * Defaults per environment. `maxApiCapacity` is the percentage of each endpoint's limit the
 * provider may use (`/api/v1/apps` is 100 requests/min on most orgs); `requestTimeout` must
 * outlast `maxWaitSeconds`, or a throttled request times out while it waits.
 */
export const RATE_LIMIT_DEFAULTS: Record<Environment, RateLimits> = {
  dev: {
    maxApiCapacity: 80,
    maxRetries: 5,
    minWaitSeconds: 30,
    maxWaitSeconds: 120,
    requestTimeout: 180,
  },
  staging: {
    maxApiCapacity: 60,
    maxRetries: 8,
    minWaitSeconds: 30,
    maxWaitSeconds: 180,
    requestTimeout: 240,
  },
  prod: {
    maxApiCapacity: 40,
    maxRetries: 10,
    minWaitSeconds: 30,
    maxWaitSeconds: 240,
    requestTimeout: 300,
  },
};

export function resolveRateLimits(environment: Environment, given: RateLimitConfig): RateLimits {
  return { ...RATE_LIMIT_DEFAULTS[environment], ...stripUndefined(given) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Prod protects what a delete would break or revoke (service apps, API tokens). */
export function protectByDefault(environment: Environment): boolean {
  return environment === "prod";
}
