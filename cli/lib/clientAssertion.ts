// Signs the private_key_jwt client assertion that authenticates a service app at Okta's token
// endpoint (https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/).

import type { ServiceAppOutput } from "../../components/outputs";

/** The parts of a service app's output that a client assertion needs. */
export type AssertionSigner = Pick<
  ServiceAppOutput,
  "clientId" | "tokenUrl" | "activeKid" | "algorithm" | "privateKeyPem"
>;

/** Clock and jti sources, injectable so tests can force an expired or replayed assertion. */
export interface JwtClaimSources {
  /** Current time in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** A fresh `jti` per JWT. @default crypto.randomUUID */
  readonly newJti?: () => string;
}

/** Okta accepts up to 1 h; a short life limits what a leaked assertion is worth. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

/**
 * Returns a compact JWS with header `{alg, kid, typ: "JWT"}` and claims iss = sub = clientId,
 * aud = tokenUrl, iat, exp (≤ 5 min after iat) and a random jti (Okta rejects a reused one).
 */
export async function signClientAssertion(
  app: AssertionSigner,
  sources: JwtClaimSources = {},
  lifetimeSeconds = MAX_ASSERTION_LIFETIME_SECONDS,
): Promise<string> {
  if (!(lifetimeSeconds > 0 && lifetimeSeconds <= MAX_ASSERTION_LIFETIME_SECONDS)) {
    throw new TypeError(`lifetimeSeconds must be in (0, ${MAX_ASSERTION_LIFETIME_SECONDS}]`);
  }
  const { importPKCS8, SignJWT } = await import("jose");
  const { now = Date.now, newJti = () => crypto.randomUUID() } = sources;
  const key = await importPKCS8(app.privateKeyPem, app.algorithm);
  const iat = Math.floor(now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: app.algorithm, kid: app.activeKid, typ: "JWT" })
    .setIssuer(app.clientId)
    .setSubject(app.clientId)
    .setAudience(app.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .setJti(newJti())
    .sign(key);
}
