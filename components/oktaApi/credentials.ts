// The deploying credential, read from the same environment variables the Okta provider reads, at
// call time: nothing here is ever captured into a serialized closure, an input or state.

import { OktaApiError } from "./errors";

export type Credentials =
  /** OKTA_ACCESS_TOKEN: an access token obtained elsewhere. */
  | { readonly kind: "accessToken"; readonly token: string }
  /** OKTA_API_TOKEN: an SSWS API token. */
  | { readonly kind: "apiToken"; readonly token: string }
  /** OAuth for Okta: the provider's own service app (private_key_jwt). */
  | {
      readonly kind: "privateKey";
      readonly clientId: string;
      /** PEM text (PKCS#8, or PKCS#1 RSA). */
      readonly privateKeyPem: string;
      readonly keyId?: string;
      readonly scopes: readonly string[];
    };

/** The scope this client needs: the Apps API (GET and PUT /api/v1/apps/{id}). */
export const REQUIRED_SCOPE = "okta.apps.manage";

/** The scopes a caller's token must carry (requested exactly), and what it needs them for. */
export interface CredentialNeeds {
  readonly scopes: readonly string[];
  readonly purpose: string;
}
const DPOP_SETTING: CredentialNeeds = {
  scopes: [REQUIRED_SCOPE],
  purpose: "the DPoP setting uses the Apps API",
};

/**
 * Resolves credentials in the Okta provider's order of preference: OKTA_ACCESS_TOKEN, then
 * OKTA_API_TOKEN, then OKTA_API_CLIENT_ID + OKTA_API_PRIVATE_KEY (PEM text or a file path) +
 * OKTA_API_PRIVATE_KEY_ID + OKTA_API_SCOPES (comma- or space-separated).
 */
export function credentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  needs: CredentialNeeds = DPOP_SETTING,
): Credentials {
  const set = (name: string) => {
    const v = env[name];
    return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
  };
  const accessToken = set("OKTA_ACCESS_TOKEN");
  if (accessToken) return { kind: "accessToken", token: accessToken };
  const apiToken = set("OKTA_API_TOKEN");
  if (apiToken) return { kind: "apiToken", token: apiToken.replace(/^SSWS\s+/i, "") };

  const clientId = set("OKTA_API_CLIENT_ID");
  const privateKey = set("OKTA_API_PRIVATE_KEY");
  if (!clientId || !privateKey)
    throw new OktaApiError(
      "NO_CREDENTIALS",
      "no Okta credential in the environment: set OKTA_API_TOKEN, or OKTA_API_CLIENT_ID + " +
        "OKTA_API_PRIVATE_KEY + OKTA_API_PRIVATE_KEY_ID + OKTA_API_SCOPES (as for the Okta provider)",
    );
  const scopes = (set("OKTA_API_SCOPES") ?? "").split(/[\s,]+/).filter((s) => s !== "");
  const missing = needs.scopes.filter((s) => !scopes.includes(s));
  if (missing.length > 0)
    throw new OktaApiError(
      "NO_CREDENTIALS",
      `OKTA_API_SCOPES must include ${missing.join(",")} (${needs.purpose}); ` +
        `got ${scopes.length === 0 ? "none" : scopes.join(",")}`,
    );
  const keyId = set("OKTA_API_PRIVATE_KEY_ID");
  return {
    kind: "privateKey",
    clientId,
    privateKeyPem: privateKey.includes("-----BEGIN") ? privateKey : readKeyFile(privateKey),
    ...(keyId ? { keyId } : {}),
    // Ask only for what this client uses, not everything the provider's app was granted.
    scopes: [...needs.scopes],
  };
}

function readKeyFile(path: string): string {
  try {
    return process.getBuiltinModule("node:fs").readFileSync(path, "utf8");
  } catch {
    // The path may itself be sensitive-looking; say only what the variable should hold.
    throw new OktaApiError(
      "NO_CREDENTIALS",
      "OKTA_API_PRIVATE_KEY is neither a PEM nor a readable file path",
    );
  }
}
