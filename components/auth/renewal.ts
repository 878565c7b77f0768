// When a cached access token is renewed: one rule for the Worker's cache (worker/okta-token.ts)
// and the dynamic providers' client (components/oktaApi/client.ts).

/**
 * Used when a token answer has no expires_in: the org authorization server's access tokens live
 * 60 minutes, hard-coded (Okta support, "Lifetime of the Okta Minted JSON Web Tokens (JWT)").
 */
export const DEFAULT_TOKEN_LIFETIME_S = 3600;
/** Renew this long before expiry, so a token never expires between the check and its use. */
export const RENEW_EARLY_MS = 60_000;

/**
 * How long (ms) a token answered with `expiresInS` lives: the default when the server sent none,
 * zero when it sent a negative or non-finite time (such a token is not reused at all).
 */
export function tokenLifetimeMs(expiresInS: number | undefined): number {
  const seconds = expiresInS ?? DEFAULT_TOKEN_LIFETIME_S;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/**
 * The time (ms since the epoch) from which a token issued at `issuedAtMs` for `expiresInS`
 * seconds is fetched again. A token that lives under two minutes is kept for half its life
 * rather than a fixed minute less: otherwise one of 60 s or less would count as expired at once
 * and be fetched on every call.
 */
export function renewAt(issuedAtMs: number, expiresInS: number | undefined): number {
  const lifetimeMs = tokenLifetimeMs(expiresInS);
  const early = lifetimeMs > 2 * RENEW_EARLY_MS ? RENEW_EARLY_MS : lifetimeMs / 2;
  return issuedAtMs + lifetimeMs - early;
}
