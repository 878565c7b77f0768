// What Okta has for each app's "Require DPoP" flag, read with the Okta provider's own credential
// variables when they are set, so `verify` can tell a flag a provider write turned off from the
// declared one. Reads only: the scopes are the read step of the DPoP setting's calls, derived from
// components/providerCalls.ts and Okta's spec (okta.apps.read).

import type { ServiceAppOutput } from "../../components/outputs";
import { dpopRequired, getApp } from "../../components/oktaApi/apps";
import { createOktaClient, type OktaClient } from "../../components/oktaApi/client";
import {
  checkGranted,
  credentialsFromEnv,
  type Credentials,
  type NeededScope,
} from "../../components/oktaApi/credentials";
import { isOktaApiError } from "../../components/oktaApi/errors";
import { scopedCallsFor } from "../../components/providerCalls";
import { READ_STEPS } from "./deployerScopes";

export type LiveDpop =
  | { readonly checked: true; readonly required: boolean }
  | { readonly checked: false; readonly reason: string };

/** The management API reads verify makes, with their scopes: the DPoP setting's read step. */
export const VERIFY_READS: readonly NeededScope[] = scopedCallsFor(
  "dynamic:okta-app-dpop",
  {},
  READ_STEPS,
)!.flatMap((c) => c.scopes.map((scope) => ({ scope, operation: c.request })));

/** `verify` reads as little as it can: one try per app, no long 429 waits. */
const THROTTLE = { maxRetries: 1, minWaitSeconds: 1, maxWaitSeconds: 5, requestTimeout: 10 };

export interface LiveDpopOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
}

/**
 * Each app's live flag, by key. Without a credential in the environment nothing is read and each
 * app says why; an app Okta does not know, or a refused read, says so for that app only.
 */
export async function readLiveDpop(
  apps: Readonly<Record<string, Pick<ServiceAppOutput, "clientId" | "orgUrl">>>,
  options: LiveDpopOptions,
): Promise<Record<string, LiveDpop>> {
  const keys = Object.keys(apps);
  let credentials: Credentials;
  try {
    credentials = credentialsFromEnv(options.env);
    checkGranted(credentials, VERIFY_READS, "read each app's DPoP flag");
  } catch (e) {
    const reason = isOktaApiError(e)
      ? e.code === "NO_CREDENTIALS"
        ? `no Okta management credential in the environment (the Okta provider's variables, with ${VERIFY_READS.map((r) => r.scope).join(", ")})`
        : e.message
      : "the Okta credential could not be read";
    return Object.fromEntries(keys.map((k) => [k, { checked: false, reason }]));
  }
  const scopes = [...new Set(VERIFY_READS.map((r) => r.scope))];
  // One client (one token) per org, however many apps.
  const clients = new Map<string, OktaClient>();
  const clientFor = (orgUrl: string) => {
    let client = clients.get(orgUrl);
    if (client === undefined) {
      client = createOktaClient({
        orgUrl,
        credentials,
        scopes,
        throttle: THROTTLE,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      clients.set(orgUrl, client);
    }
    return client;
  };
  // One after another: one token per org, and a few reads against /api/v1/apps/{id}'s bucket.
  const entries: [string, LiveDpop][] = [];
  for (const key of keys) {
    const app = apps[key]!;
    try {
      // The stack never sets a client id, so Okta made it the app's id
      // (ApplicationCredentialsOAuthClient.client_id in Okta's spec).
      const found = await getApp(clientFor(app.orgUrl), app.clientId);
      entries.push([
        key,
        found === undefined
          ? { checked: false, reason: `Okta has no app ${app.clientId}` }
          : { checked: true, required: dpopRequired(found) },
      ]);
    } catch (e) {
      entries.push([key, { checked: false, reason: (e as Error).message }]);
    }
  }
  return Object.fromEntries(entries);
}
