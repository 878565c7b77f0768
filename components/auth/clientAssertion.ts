// The private_key_jwt client assertion that authenticates a service app at Okta's org
// authorization server (https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/).

import { jtiOf, nowOf, type AuthRuntime } from "./runtime";
import type { SigningKey } from "./signingKey";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Okta accepts up to 1 h; a short life limits what a leaked assertion is worth. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

export interface AssertionClient {
  readonly clientId: string;
  /** The token endpoint: the assertion's audience. */
  readonly tokenUrl: string;
}

/**
 * A compact JWS with header `{alg, kid, typ: "JWT"}` and claims iss = sub = clientId,
 * aud = tokenUrl, iat, exp (at most 5 min after iat) and a fresh jti.
 */
export async function signClientAssertion(
  rt: AuthRuntime,
  signing: SigningKey,
  client: AssertionClient,
  lifetimeSeconds = MAX_ASSERTION_LIFETIME_SECONDS,
): Promise<string> {
  if (!(lifetimeSeconds > 0 && lifetimeSeconds <= MAX_ASSERTION_LIFETIME_SECONDS)) {
    throw new TypeError(`lifetimeSeconds must be in (0, ${MAX_ASSERTION_LIFETIME_SECONDS}]`);
  }
  const iat = Math.floor(nowOf(rt) / 1000);
  return new rt.jose.SignJWT({})
    .setProtectedHeader({
      alg: signing.alg,
      ...(signing.kid ? { kid: signing.kid } : {}),
      typ: "JWT",
    })
    .setIssuer(client.clientId)
    .setSubject(client.clientId)
    .setAudience(client.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .setJti(jtiOf(rt))
    .sign(signing.key);
}
