// DPoP proofs (RFC 9449) for token requests of apps that require DPoP
// (https://developer.okta.com/docs/guides/dpop/main/).

import type { CryptoKey, JWK } from "jose" with { "resolution-mode": "import" };
import type { JwtClaimSources } from "./clientAssertion";

/** An ephemeral ES256 key pair; the private half never leaves memory. */
export interface DpopKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** What one proof binds: the HTTP method and URL, and the server's nonce once it asked for one. */
export interface DpopProofClaims {
  readonly htm: string;
  readonly htu: string;
  readonly nonce?: string;
  /** A resource request's DPoP-bound access token: the proof then carries its hash (`ath`). */
  readonly accessToken?: string;
}

/** Generates a fresh, non-extractable ES256 key for one series of proofs. */
export async function generateDpopKey(): Promise<DpopKey> {
  const { generateKeyPair, exportJWK } = await import("jose");
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

/** Returns a proof JWT: header typ dpop+jwt with the public jwk; claims htm, htu, iat, jti, nonce. */
export async function signDpopProof(
  key: DpopKey,
  claims: DpopProofClaims,
  sources: JwtClaimSources = {},
): Promise<string> {
  const { SignJWT } = await import("jose");
  const { now = Date.now, newJti = () => crypto.randomUUID() } = sources;
  const payload: Record<string, string> = { htm: claims.htm, htu: claims.htu };
  if (claims.nonce !== undefined) payload.nonce = claims.nonce;
  if (claims.accessToken !== undefined) payload.ath = await tokenHash(claims.accessToken);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.publicJwk })
    .setIssuedAt(Math.floor(now() / 1000))
    .setJti(newJti())
    .sign(key.privateKey);
}

/** RFC 9449 §4.2 `ath`: base64url SHA-256 of the access token (Web Crypto: the Worker has it too). */
async function tokenHash(accessToken: string): Promise<string> {
  const { base64url } = await import("jose");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest));
}
