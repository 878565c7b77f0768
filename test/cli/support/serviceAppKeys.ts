// Key material shaped like a stack's ServiceAppOutput, generated the way the ClientKey component
// derives it: PKCS#8 PEM and private JWK from one key, kid = RFC 7638 thumbprint.

import type { JWK } from "jose" with { "resolution-mode": "import" };
import type { ServiceAppOutput } from "../../../components/outputs";

export interface GeneratedKey {
  readonly kid: string;
  readonly privateKeyPem: string;
  readonly privateKeyJwk: Record<string, unknown>;
  /** What the Okta app's JWKS would hold. */
  readonly publicJwk: JWK;
}

/** RSA generation is slow: call this a few times per file and share the result. */
export async function generateRs256Key(): Promise<GeneratedKey> {
  const { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } = await import("jose");
  // jose 6: without extractable, exportPKCS8 throws.
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const bare = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(bare);
  return {
    kid,
    privateKeyPem: await exportPKCS8(privateKey),
    privateKeyJwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256" },
    publicJwk: { ...bare, kid, alg: "RS256", use: "sig" },
  };
}

/** A ServiceAppOutput for a client of the test server at `origin`. */
export function serviceAppOutput(
  origin: string,
  clientId: string,
  key: GeneratedKey,
  overrides: Partial<ServiceAppOutput> = {},
): ServiceAppOutput {
  const tokenUrl = `${origin}/oauth2/v1/token`;
  return {
    clientId,
    tokenUrl,
    audience: tokenUrl,
    orgUrl: origin,
    activeKid: key.kid,
    algorithm: "RS256",
    scopes: ["okta.apps.read", "okta.users.read"],
    requireDpop: false,
    privateKeyPem: key.privateKeyPem,
    privateKeyJwk: key.privateKeyJwk,
    ...overrides,
  };
}
