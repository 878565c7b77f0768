// DPoP (RFC 9449) proofs for Okta: an ES256 key pair per isolate, whose public half rides in every
// proof header; tokens Okta binds to it are cached with it. https://developer.okta.com/docs/guides/dpop/

import { SignJWT, exportJWK, generateKeyPair, type JWK } from "jose";

export interface DpopKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** The private half is not extractable: it never leaves this isolate. */
export async function createDpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const { kty, crv, x, y } = await exportJWK(publicKey);
  return { privateKey, publicJwk: { kty, crv, x, y } };
}

export interface ProofOptions {
  /** The server's last `dpop-nonce`, when it asked for one. */
  readonly nonce?: string | undefined;
  /** For resource calls: the access token, hashed into `ath`. */
  readonly accessToken?: string | undefined;
}

/** typ dpop+jwt, jwk header; htm, htu (no query or fragment), iat, jti, and nonce/ath when given. */
export async function dpopProof(
  key: DpopKey,
  method: string,
  url: string,
  nowMs: number,
  options: ProofOptions = {},
): Promise<string> {
  const target = new URL(url);
  const claims: Record<string, string> = {
    htm: method,
    htu: `${target.origin}${target.pathname}`,
  };
  if (options.nonce !== undefined) claims.nonce = options.nonce;
  if (options.accessToken !== undefined) claims.ath = await tokenHash(options.accessToken);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.publicJwk })
    .setIssuedAt(Math.floor(nowMs / 1000))
    .setJti(crypto.randomUUID())
    .sign(key.privateKey);
}

/** base64url(SHA-256(ASCII(access token))), per RFC 9449 §4.2. */
async function tokenHash(token: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)),
  );
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
