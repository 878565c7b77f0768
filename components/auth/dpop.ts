// DPoP (RFC 9449) for Okta: an ES256 key pair per client lifetime, whose public half rides in every
// proof's header, and the proofs for token and resource requests
// (https://developer.okta.com/docs/guides/dpop/main/).

import type { CryptoKey, JWK } from "jose" with { "resolution-mode": "import" };
import { jtiOf, nowOf, type AuthRuntime, type Jose } from "./runtime";

export interface DpopKey {
  readonly privateKey: CryptoKey;
  /** kty, crv, x, y only: a proof header must carry no private member (RFC 9449 §4.2). */
  readonly publicJwk: JWK;
}

/** What one proof binds: the request, the server's nonce once it asked, and a resource token. */
export interface DpopProofClaims {
  readonly htm: string;
  /** The request URL; its query and fragment are left out (RFC 9449 §4.2 `htu`). */
  readonly htu: string;
  readonly nonce?: string | undefined;
  /** A resource request's DPoP-bound access token: the proof then carries its hash (`ath`). */
  readonly accessToken?: string | undefined;
}

/** A fresh key, never persisted; its private half is not extractable. */
export async function generateDpopKey(jose: Jose): Promise<DpopKey> {
  const { privateKey, publicKey } = await jose.generateKeyPair("ES256");
  const { kty, crv, x, y } = await jose.exportJWK(publicKey);
  return { privateKey, publicJwk: { kty, crv, x, y } };
}

/** A proof JWT: header typ dpop+jwt with the public jwk; claims htm, htu, iat, jti, nonce, ath. */
export async function signDpopProof(
  rt: AuthRuntime,
  key: DpopKey,
  claims: DpopProofClaims,
): Promise<string> {
  const payload: Record<string, string> = { htm: claims.htm, htu: claims.htu.split(/[?#]/)[0]! };
  if (claims.nonce !== undefined) payload.nonce = claims.nonce;
  if (claims.accessToken !== undefined) payload.ath = await tokenHash(rt, claims.accessToken);
  return new rt.jose.SignJWT(payload)
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.publicJwk })
    .setIssuedAt(Math.floor(nowOf(rt) / 1000))
    .setJti(jtiOf(rt))
    .sign(key.privateKey);
}

/** RFC 9449 §4.2 `ath`: base64url SHA-256 of the access token (Web Crypto: workerd has it too). */
async function tokenHash(rt: AuthRuntime, accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken));
  return rt.jose.base64url.encode(new Uint8Array(digest));
}
