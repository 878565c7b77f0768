// The Apps API calls behind the DPoP setting: read the app, and write it back whole with only
// settings.oauthClient.dpop_bound_access_tokens changed (PUT replaces the app object).
// https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/

import type { OktaClient } from "./client";
import type { NeededScope } from "./credentials";
import { isOktaApiError, oktaApiError } from "./errors";

export type OktaApp = Record<string, unknown> & { id?: string };

/**
 * The scopes each kind of access needs, per Okta's spec: getApplication needs okta.apps.read,
 * replaceApplication okta.apps.manage (test/components/providerCalls.test.ts checks both against
 * spec/okta-operations.json). A write reads first, so it needs both; a read (refresh, diff) only
 * the first, which lets a read-only credential run `pulumi preview --refresh`.
 */
export const APP_SCOPES: Readonly<Record<"read" | "write", readonly NeededScope[]>> = {
  read: [{ scope: "okta.apps.read", operation: "GET /api/v1/apps/{appId}" }],
  write: [
    { scope: "okta.apps.read", operation: "GET /api/v1/apps/{appId}" },
    { scope: "okta.apps.manage", operation: "PUT /api/v1/apps/{appId}" },
  ],
};

const appPath = (appId: string) => `/api/v1/apps/${encodeURIComponent(appId)}`;

/** The app, or undefined when Okta answers 404 (E0000007). */
export async function getApp(client: OktaClient, appId: string): Promise<OktaApp | undefined> {
  try {
    return (await client.request("GET", appPath(appId))) as OktaApp;
  } catch (e) {
    if (isOktaApiError(e) && e.code === "NOT_FOUND") return undefined;
    throw e;
  }
}

/** Whether the app requires DPoP-bound tokens (absent means Okta's default, false). */
export function dpopRequired(app: OktaApp): boolean {
  const settings = app["settings"] as { oauthClient?: Record<string, unknown> } | undefined;
  return settings?.oauthClient?.["dpop_bound_access_tokens"] === true;
}

/**
 * The app object to PUT: everything as read, the flag set, the read-only `_links` and `_embedded`
 * dropped, and properties Okta answers as null left out (its responses carry unset fields as null,
 * e.g. `accessibility.errorRedirectUrl` in AppResponseBaseEx, while its request schemas type them
 * as strings; absent reads the same). Nothing else is touched, so a field this code does not
 * know survives.
 */
export function withDpop(app: OktaApp, required: boolean): OktaApp {
  const { _links: _l, _embedded: _e, ...rest } = withoutNulls(app) as OktaApp;
  void _l;
  void _e;
  const settings = (rest["settings"] ?? {}) as Record<string, unknown>;
  const oauthClient = (settings["oauthClient"] ?? {}) as Record<string, unknown>;
  return {
    ...rest,
    settings: { ...settings, oauthClient: { ...oauthClient, dpop_bound_access_tokens: required } },
  };
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

export interface DpopResult {
  /** False when the app already had the wanted value (no PUT was sent). */
  readonly changed: boolean;
  readonly requireDpop: boolean;
}

/** Sets the flag with one GET, and one PUT only if the value differs. */
export async function setAppDpop(
  client: OktaClient,
  appId: string,
  required: boolean,
): Promise<DpopResult> {
  const app = await getApp(client, appId);
  if (app === undefined)
    throw oktaApiError(
      "NOT_FOUND",
      `app ${appId} does not exist in ${client.orgUrl}: cannot set its DPoP requirement`,
      404,
      "E0000007",
    );
  if (dpopRequired(app) === required) return { changed: false, requireDpop: required };
  let updated: OktaApp | undefined;
  try {
    updated = (await client.request("PUT", appPath(appId), withDpop(app, required))) as OktaApp;
  } catch (e) {
    // Okta's spec says DPoP-bound tokens disallow client_credentials, which every service app
    // uses; the Admin Console requires DPoP by default. An org that follows the spec answers the
    // PUT with a validation error (E0000001): say so, rather than a bare 400 (docs/DPOP.md).
    if (required && isOktaApiError(e) && e.status === 400)
      throw oktaApiError(
        "DPOP_REFUSED",
        `${e.message} (dpop_bound_access_tokens: true refused)`,
        400,
        e.oktaError,
      );
    throw e;
  }
  if (updated !== undefined && dpopRequired(updated) !== required)
    throw oktaApiError(
      "DPOP_REFUSED",
      `PUT ${appPath(appId)} answered dpop_bound_access_tokens=${dpopRequired(updated)}, ` +
        `wanted ${required}`,
    );
  return { changed: true, requireDpop: required };
}
