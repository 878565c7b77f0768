// When a cached access token is renewed: one rule for the Worker's cache (worker/okta-token.ts)
// and the dynamic providers' client (components/oktaApi/client.ts).

/** Okta's org authorization server issues one-hour access tokens; used when expires_in is absent. */
export const DEFAULT_TOKEN_LIFETIME_S = 3600;
/** Renew this long before expiry, so a token never expires between the check and its use. */
export const RENEW_EARLY_MS = 60_000;

/**
 * The time (ms since the epoch) from which a token issued at `issuedAtMs` for `expiresInS`
 * seconds is fetched again. A token that lives under two minutes is kept for half its life
 * rather than a fixed minute less: otherwise one of 60 s or less would count as expired at once
 * and be fetched on every call. A negative or non-finite lifetime counts as zero.
 */
export function renewAt(issuedAtMs: number, expiresInS: number | undefined): number {
  const seconds = expiresInS ?? DEFAULT_TOKEN_LIFETIME_S;
  const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
  const early = lifetimeMs > 2 * RENEW_EARLY_MS ? RENEW_EARLY_MS : lifetimeMs / 2;
  return issuedAtMs + lifetimeMs - early;
}
