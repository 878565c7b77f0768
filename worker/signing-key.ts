// The service app's private key (PKCS#8 PEM) imported once for WebCrypto, and the
// private_key_jwt client assertion Okta's org authorization server expects from it.
// https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/main/

import { SignJWT, importPKCS8 } from "jose";
import { ConfigError } from "./errors";

export interface SigningKey {
  readonly key: CryptoKey;
  readonly alg: "RS256" | "ES256";
  readonly kid: string;
}

/** RS256 or ES256, whichever the key is; a key that is neither is a configuration error. */
export async function importSigningKey(pem: string, kid: string): Promise<SigningKey> {
  for (const alg of ["RS256", "ES256"] as const) {
    try {
      return { key: await importPKCS8(pem, alg), alg, kid };
    } catch {
      // Not this algorithm: try the next one.
    }
  }
  throw new ConfigError("OKTA_PRIVATE_KEY is not an RSA or P-256 PKCS#8 key", ["OKTA_PRIVATE_KEY"]);
}

/** Lifetime of a client assertion; Okta allows up to an hour, a short one limits replay. */
export const ASSERTION_TTL_SECONDS = 300;

/** iss = sub = client id, aud = the token URL, single-use jti, exp 5 min after iat. */
export function clientAssertion(
  signing: SigningKey,
  clientId: string,
  tokenUrl: string,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: "JWT" })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(signing.key);
}
