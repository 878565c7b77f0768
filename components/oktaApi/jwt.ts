// Compact JWS signing with node:crypto only (the dynamic provider runs this from a serialized
// closure): client assertions for private_key_jwt and DPoP proofs (RFC 9449).

import type { KeyObject } from "node:crypto";
import { oktaApiError } from "./errors";

function crypto() {
  return process.getBuiltinModule("node:crypto");
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** RS256 for RSA keys, ES256 for P-256 keys; anything else is refused. */
export function algorithmOf(key: KeyObject): "RS256" | "ES256" {
  if (key.asymmetricKeyType === "rsa") return "RS256";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1")
    return "ES256";
  throw oktaApiError(
    "NO_CREDENTIALS",
    "OKTA_API_PRIVATE_KEY must be an RSA or EC P-256 private key",
  );
}

export function privateKeyFrom(pem: string): KeyObject {
  try {
    return crypto().createPrivateKey(pem);
  } catch {
    throw oktaApiError("NO_CREDENTIALS", "OKTA_API_PRIVATE_KEY is not a readable private key");
  }
}

export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const alg = algorithmOf(key);
  const input = `${b64url(JSON.stringify({ ...header, alg }))}.${b64url(JSON.stringify(payload))}`;
  // JWS ES256 signatures are r || s (IEEE P1363), not DER.
  const signature = crypto().sign(
    "sha256",
    Buffer.from(input),
    alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key,
  );
  return `${input}.${b64url(signature)}`;
}

/** private_key_jwt client assertion for the org authorization server's token endpoint. */
export function clientAssertion(
  clientId: string,
  tokenUrl: string,
  key: KeyObject,
  keyId: string | undefined,
  nowSeconds: number,
): string {
  return signJwt(
    { typ: "JWT", ...(keyId ? { kid: keyId } : {}) },
    {
      iss: clientId,
      sub: clientId,
      aud: tokenUrl,
      iat: nowSeconds,
      exp: nowSeconds + 300,
      jti: crypto().randomUUID(),
    },
    key,
  );
}

/** A DPoP key pair for one client's lifetime (never persisted). */
export function dpopKeyPair(): { privateKey: KeyObject; publicJwk: Record<string, unknown> } {
  const { privateKey, publicKey } = crypto().generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" });
  return { privateKey, publicJwk: { kty, crv, x, y } };
}

/** A DPoP proof for one request; `accessToken` adds `ath` (resource requests). */
export function dpopProof(
  keys: { privateKey: KeyObject; publicJwk: Record<string, unknown> },
  method: string,
  url: string,
  nowSeconds: number,
  options: { nonce?: string; accessToken?: string } = {},
): string {
  const htu = url.split(/[?#]/)[0];
  const ath =
    options.accessToken === undefined
      ? undefined
      : crypto().createHash("sha256").update(options.accessToken).digest("base64url");
  return signJwt(
    { typ: "dpop+jwt", jwk: keys.publicJwk },
    {
      htm: method,
      htu,
      iat: nowSeconds,
      jti: crypto().randomUUID(),
      ...(options.nonce ? { nonce: options.nonce } : {}),
      ...(ath ? { ath } : {}),
    },
    keys.privateKey,
  );
}
