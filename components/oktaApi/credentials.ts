// The deploying credential, read from the same environment variables the Okta provider reads, at
// call time: nothing here is ever captured into a serialized closure, an input or state.

import { oktaApiError } from "./errors";

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
      /** OKTA_API_SCOPES: what the deploying app is granted (a token asks only for what it needs). */
      readonly granted: readonly string[];
    };

/** A scope an operation needs, with the operation for messages (`PUT /api/v1/apps/{appId}`). */
export interface NeededScope {
  readonly scope: string;
  readonly operation: string;
}

/**
 * Resolves credentials in the Okta provider's order of preference: OKTA_ACCESS_TOKEN, then
 * OKTA_API_TOKEN, then OKTA_API_CLIENT_ID + OKTA_API_PRIVATE_KEY (PEM text or a file path) +
 * OKTA_API_PRIVATE_KEY_ID + OKTA_API_SCOPES (comma- or space-separated).
 */
export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials {
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
    throw oktaApiError(
      "NO_CREDENTIALS",
      "no Okta credential in the environment: set OKTA_API_TOKEN, or OKTA_API_CLIENT_ID + " +
        "OKTA_API_PRIVATE_KEY + OKTA_API_PRIVATE_KEY_ID + OKTA_API_SCOPES (as for the Okta provider)",
    );
  const granted = (set("OKTA_API_SCOPES") ?? "").split(/[\s,]+/).filter((s) => s !== "");
  const keyId = set("OKTA_API_PRIVATE_KEY_ID");
  return {
    kind: "privateKey",
    clientId,
    privateKeyPem: privateKey.includes("-----BEGIN") ? privateKey : readKeyFile(privateKey),
    ...(keyId ? { keyId } : {}),
    granted,
  };
}

/**
 * Refuses, before any request, OAuth credentials whose OKTA_API_SCOPES lack a needed scope (Okta
 * would answer invalid_scope). API and access tokens carry no scope list to check.
 */
export function checkGranted(
  credentials: Credentials,
  needed: readonly NeededScope[],
  purpose: string,
): void {
  if (credentials.kind !== "privateKey") return;
  const missing = needed.filter((n) => !credentials.granted.includes(n.scope));
  if (missing.length === 0) return;
  const scopes = [...new Set(missing.map((m) => m.scope))];
  const operations = [...new Set(missing.map((m) => m.operation))];
  throw oktaApiError(
    "MISSING_SCOPE",
    `OKTA_API_SCOPES must include ${scopes.join(" and ")} to ${purpose} (${operations.join(", ")}); ` +
      `got ${credentials.granted.length === 0 ? "none" : credentials.granted.join(",")}`,
  );
}

function readKeyFile(path: string): string {
  try {
    return process.getBuiltinModule("node:fs").readFileSync(path, "utf8");
  } catch {
    // The path may itself be sensitive-looking; say only what the variable should hold.
    throw oktaApiError(
      "NO_CREDENTIALS",
      "OKTA_API_PRIVATE_KEY is neither a PEM nor a readable file path",
    );
  }
}
