// The service app's private key, imported once for Web Crypto (Node and workerd alike).

import type { CryptoKey } from "jose" with { "resolution-mode": "import" };
import type { Jose } from "./runtime";

/** What Okta accepts for private_key_jwt from the keys a ClientKey makes. */
export type SigningAlgorithm = "RS256" | "ES256";

export interface SigningKey {
  readonly key: CryptoKey;
  readonly alg: SigningAlgorithm;
  /** The key's id in the app's JWKS; the assertion's header omits it when there is none. */
  readonly kid?: string | undefined;
}

/**
 * Imports a PKCS#8 PEM as an RS256 or ES256 key, whichever it is (only `alg`, when given).
 * Undefined when it is neither (a P-384 key, a PKCS#1 PEM, not a key): each caller says so in its
 * own terms, and no jose message, which might quote the input, reaches one.
 */
export async function importSigningKey(
  jose: Jose,
  pem: string,
  options: { readonly kid?: string | undefined; readonly alg?: SigningAlgorithm } = {},
): Promise<SigningKey | undefined> {
  for (const alg of options.alg ? [options.alg] : (["RS256", "ES256"] as const)) {
    try {
      return { key: await jose.importPKCS8(pem, alg), alg, kid: options.kid };
    } catch {
      // Not this algorithm: try the next one.
    }
  }
  return undefined;
}
