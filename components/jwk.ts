// Pure JWK derivation for client keys: PKCS#8 PEM in; public JWK, private JWK and RFC 7638 `kid`
// out (jose), plus the key shape the Okta provider's `jwks` block takes. No Pulumi here.

import type { KeyAlgorithm } from "./serviceAppPlan";

/** Public members only: what Okta publishes and what a thumbprint is computed over. */
export interface PublicJwk {
  readonly kty: "RSA" | "EC";
  readonly kid: string;
  readonly alg: KeyAlgorithm;
  readonly use: "sig";
  readonly n?: string;
  readonly e?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
}

/** The private key as a JWK, with `kid` and `alg` so a consumer can sign with it as is. */
export interface PrivateJwk extends PublicJwk {
  readonly d: string;
  readonly [member: string]: string | undefined;
}

export interface DerivedJwks {
  readonly kid: string;
  readonly publicJwk: PublicJwk;
  readonly privateJwk: PrivateJwk;
}

/** One entry of okta.app.OAuth `jwks` (the provider has no `alg`, `use` or `crv` field). */
export interface OktaJwk {
  readonly kty: string;
  readonly kid: string;
  readonly e?: string;
  readonly n?: string;
  readonly x?: string;
  readonly y?: string;
}

export class JwkError extends Error {
  constructor(
    readonly code: "KEY_NOT_PKCS8" | "KEY_ALGORITHM_MISMATCH",
    message: string,
  ) {
    super(message);
    this.name = "JwkError";
  }
}

const PUBLIC_MEMBERS = {
  RSA: ["e", "kty", "n"],
  EC: ["crv", "kty", "x", "y"],
} as const;

/**
 * Derives the JWKs of a PKCS#8 private key. `kid` is the RFC 7638 SHA-256 thumbprint unless one is
 * given, so the same key always publishes the same `kid`.
 */
export async function deriveJwks(
  pkcs8Pem: string,
  algorithm: KeyAlgorithm,
  kid?: string,
): Promise<DerivedJwks> {
  // jose 6 is ESM-only; this module is loaded as CommonJS.
  const jose = await import("jose");
  if (!pkcs8Pem.includes("-----BEGIN PRIVATE KEY-----"))
    throw new JwkError("KEY_NOT_PKCS8", "expected a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
  let key: Awaited<ReturnType<typeof jose.importPKCS8>>;
  try {
    key = await jose.importPKCS8(pkcs8Pem, algorithm, { extractable: true });
  } catch (e) {
    throw new JwkError(
      "KEY_ALGORITHM_MISMATCH",
      `the key cannot be used with ${algorithm}: ${(e as Error).message}`,
    );
  }
  const full = await jose.exportJWK(key);
  const kty = full.kty as string | undefined;
  if (kty !== "RSA" && kty !== "EC")
    throw new JwkError("KEY_ALGORITHM_MISMATCH", `unsupported key type ${String(kty)}`);
  if (algorithm === "ES256" && full.crv !== "P-256")
    throw new JwkError("KEY_ALGORITHM_MISMATCH", `ES256 needs a P-256 key, got ${full.crv}`);

  const members = Object.fromEntries(
    PUBLIC_MEMBERS[kty].map((m) => [m, (full as Record<string, unknown>)[m]]),
  ) as Record<string, string>;
  const resolvedKid = kid ?? (await jose.calculateJwkThumbprint(members, "sha256"));
  const publicJwk = { ...members, kty, kid: resolvedKid, alg: algorithm, use: "sig" } as PublicJwk;
  const privateJwk = {
    ...(full as Record<string, string>),
    kid: resolvedKid,
    alg: algorithm,
    use: "sig",
  } as PrivateJwk;
  return { kid: resolvedKid, publicJwk, privateJwk };
}

/** The provider's jwks entry for a public JWK: public members only, nothing undefined. */
export function toOktaJwk(jwk: PublicJwk): OktaJwk {
  return jwk.kty === "RSA"
    ? { kty: jwk.kty, kid: jwk.kid, e: jwk.e!, n: jwk.n! }
    : { kty: jwk.kty, kid: jwk.kid, x: jwk.x!, y: jwk.y! };
}
