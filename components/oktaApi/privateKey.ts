// OKTA_API_PRIVATE_KEY as the Okta provider reads it: PKCS#8, or a PKCS#1 RSA PEM, which jose
// cannot import. node:crypto rewrites either as PKCS#8 first (Node-only: the provider and adopt).

import { importSigningKey, type SigningKey } from "../auth/signingKey";
import type { Jose } from "../auth/runtime";
import { oktaApiError } from "./errors";

export async function signingKeyFromPem(
  jose: Jose,
  pem: string,
  kid: string | undefined,
): Promise<SigningKey> {
  let pkcs8: string;
  try {
    pkcs8 = process
      .getBuiltinModule("node:crypto")
      .createPrivateKey(pem)
      .export({ type: "pkcs8", format: "pem" })
      .toString();
  } catch {
    throw oktaApiError("NO_CREDENTIALS", "OKTA_API_PRIVATE_KEY is not a readable private key");
  }
  const key = await importSigningKey(jose, pkcs8, { kid });
  if (key === undefined)
    throw oktaApiError(
      "NO_CREDENTIALS",
      "OKTA_API_PRIVATE_KEY must be an RSA or EC P-256 private key",
    );
  return key;
}
