// Apps API (/api/v1/apps): create with ?activate, read, full PUT, lifecycle, delete only when
// INACTIVE, list with q/filter/limit and Link paging, and the app-policy assignment — the calls
// PROVIDERS.md lists for okta.app.OAuth.
import { randomBytes } from "node:crypto";
import { isSuperAdmin } from "./adminRoles";
import { notFound, oktaError, validationFailed } from "./errors";
import { DEFAULT_ACCESS_POLICY_ID } from "./policies";
import { linkHeaders, parseFilter } from "./paging";
import {
  dig,
  href,
  isRecord,
  limitParam,
  noContent,
  nowIso,
  ok,
  type OpContext,
  type OpHandler,
  type Org,
} from "./org";
import { clientIdOf, oktaId, type OktaObject } from "./state";

/** Okta's name for an app in a 404 ("Resource not found: 0oa… (AppInstance)"). */
const KIND = "AppInstance";

/** Filterable properties of listApplications (its `filter` parameter description). */
const APP_FILTERS = ["id", "status", "name", "credentials.signing.kid", "settings.slo.enabled"];

export function findApp(org: Org, appId: string): OktaObject | undefined {
  return org.state.apps.get(appId);
}

function appLinks(org: Org, app: OktaObject): Record<string, unknown> {
  const base = `/api/v1/apps/${app.id}`;
  const active = app.status === "ACTIVE";
  const policy = org.state.appPolicies.get(app.id);
  return {
    self: href(org, base),
    ...(active
      ? { deactivate: href(org, `${base}/lifecycle/deactivate`) }
      : { activate: href(org, `${base}/lifecycle/activate`) }),
    ...(policy === undefined ? {} : { accessPolicy: href(org, `/api/v1/policies/${policy}`) }),
    groups: href(org, `${base}/groups`),
    users: href(org, `${base}/users`),
  };
}

/** The answer for an app: the stored object with its `_links`, as GET returns it. */
export function appView(org: Org, app: OktaObject): OktaObject {
  return { ...app, _links: appLinks(org, app) };
}

/**
 * Fills what Okta fills on write and applies the DPoP-flag behaviours. Returns a validation
 * problem as [field, message] when Okta (or the spec, when so switched) refuses the app.
 */
function normalise(
  org: Org,
  body: Record<string, unknown>,
  previous: OktaObject | undefined,
  source: "api" | "console" = "api",
): OktaObject | [string, string] {
  const id = previous?.id ?? oktaId("0oa");
  const now = nowIso(org);
  const app: OktaObject = {
    ...structuredClone(body),
    id,
    created: previous?.created ?? now,
    lastUpdated: now,
    status: previous?.status ?? "ACTIVE",
    features: previous?.features ?? [],
  };
  delete app._links;
  delete app._embedded;
  app.accessibility ??= { selfService: false };
  app.visibility ??= { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: {} };
  if (app.signOnMode !== "OPENID_CONNECT") return app;

  const credentials = (isRecord(app.credentials) ? app.credentials : {}) as Record<string, unknown>;
  const oauthClient = (isRecord(credentials.oauthClient) ? credentials.oauthClient : {}) as Record<
    string,
    unknown
  >;
  const previousClient = previous
    ? (dig(previous, "credentials", "oauthClient") as Record<string, unknown>)
    : undefined;
  // Okta makes the client id the app id, and it never changes (Apps API, OAuthApplicationCredentials).
  oauthClient.client_id = previousClient?.client_id ?? id;
  oauthClient.autoKeyRotation ??= true;
  oauthClient.token_endpoint_auth_method ??= "client_secret_basic";
  const method = String(oauthClient.token_endpoint_auth_method);
  if (method.startsWith("client_secret") && oauthClient.client_secret === undefined) {
    oauthClient.client_secret =
      previousClient?.client_secret ?? randomBytes(30).toString("base64url");
  }
  credentials.oauthClient = oauthClient;
  credentials.userNameTemplate ??= { template: "${source.login}", type: "BUILT_IN" };
  app.credentials = credentials;

  const settings = (isRecord(app.settings) ? app.settings : {}) as Record<string, unknown>;
  const client = (isRecord(settings.oauthClient) ? settings.oauthClient : {}) as Record<
    string,
    unknown
  >;
  const before = previous
    ? dig(previous, "settings", "oauthClient", "dpop_bound_access_tokens")
    : undefined;
  if (client.dpop_bound_access_tokens === undefined) {
    // PROVIDERS.md: okta-sdk-golang's defaults fill `false`, so every provider write turns DPoP
    // off; the spec's default is false too. Switched off, an omitted flag keeps what was stored.
    client.dpop_bound_access_tokens = org.behaviours.dpopFlagDefaultsFalse
      ? false
      : (before ?? false);
  }
  const grants = Array.isArray(client.grant_types) ? (client.grant_types as string[]) : [];
  if (
    source === "api" &&
    client.dpop_bound_access_tokens === true &&
    grants.includes("client_credentials") &&
    org.behaviours.dpopWithClientCredentials === "spec"
  ) {
    return [
      "settings.oauthClient.dpop_bound_access_tokens",
      "client_credentials is not allowed in grant_types when dpop_bound_access_tokens is true",
    ];
  }
  const jwks = dig(client, "jwks", "keys");
  if (Array.isArray(jwks)) {
    // Okta answers each JWK with its status (OAuth2ClientJsonSigningKeyResponse).
    client.jwks = {
      keys: jwks.map((k) => (isRecord(k) ? { status: "ACTIVE", ...k } : k)),
    };
  }
  settings.oauthClient = client;
  app.settings = settings;
  return app;
}

const createApplication: OpHandler = ({ org, body, query }) => {
  const app = normalise(org, body as Record<string, unknown>, undefined);
  if (Array.isArray(app)) return validationFailed(app[0], [{ field: app[0], message: app[1] }]);
  // `activate` defaults to true (createApplication's parameter).
  app.status = query.get("activate") === "false" ? "INACTIVE" : "ACTIVE";
  org.state.apps.set(app);
  const type = dig(app, "settings", "oauthClient", "application_type");
  // New apps get the org's default access policy; service apps sign no users in and get none.
  if (app.signOnMode === "OPENID_CONNECT" && type !== "service") {
    org.state.appPolicies.set(app.id, DEFAULT_ACCESS_POLICY_ID);
  }
  return ok(appView(org, app));
};

const getApplication: OpHandler = ({ org, params }) => {
  const app = findApp(org, params.appId!);
  return app === undefined ? notFound(params.appId!, KIND) : ok(appView(org, app));
};

/** terraform-provider-okta#2025: an app holding admin roles takes a PUT only from a super admin. */
function holdsAdminRoles(org: Org, app: OktaObject): boolean {
  const clientId = clientIdOf(app);
  return clientId !== undefined && (org.state.clientRoles.peek(clientId)?.size ?? 0) > 0;
}

const replaceApplication: OpHandler = ({ org, params, body, caller }) => {
  const previous = findApp(org, params.appId!);
  if (previous === undefined) return notFound(params.appId!, KIND);
  if (
    org.behaviours.adminRolesBlockAppUpdate &&
    holdsAdminRoles(org, previous) &&
    !isSuperAdmin(caller)
  ) {
    return oktaError("E0000006");
  }
  const app = normalise(org, body as Record<string, unknown>, previous);
  if (Array.isArray(app)) return validationFailed(app[0], [{ field: app[0], message: app[1] }]);
  // A PUT does not change the lifecycle status; activate/deactivate do.
  app.status = previous.status;
  org.state.apps.set(app);
  return ok(appView(org, app));
};

function setStatus(status: "ACTIVE" | "INACTIVE"): OpHandler {
  return ({ org, params }) => {
    const app = findApp(org, params.appId!);
    if (app === undefined) return notFound(params.appId!, KIND);
    org.state.apps.set({ ...app, status, lastUpdated: nowIso(org) });
    const clientId = clientIdOf(app);
    // A deactivated app signs nothing in; its tokens stop working.
    if (status === "INACTIVE" && clientId !== undefined) org.tokens.revokeClient(clientId);
    return ok({});
  };
}

const deleteApplication: OpHandler = ({ org, params }) => {
  const app = findApp(org, params.appId!);
  if (app === undefined) return notFound(params.appId!, KIND);
  if (app.status === "ACTIVE") {
    // Okta's Apps API reference: "If the application has an ACTIVE status you will receive an error".
    return oktaError("E0000056", {
      causes: ["The application must be deactivated before deletion."],
    });
  }
  org.state.apps.delete(app.id);
  org.state.grants.drop(app.id);
  org.state.appPolicies.delete(app.id);
  const clientId = clientIdOf(app);
  if (clientId !== undefined) {
    org.state.clientRoles.drop(clientId);
    org.tokens.revokeClient(clientId);
  }
  return noContent;
};

function startsWithCI(value: unknown, prefix: string): boolean {
  return typeof value === "string" && value.toLowerCase().startsWith(prefix);
}

const listApplications: OpHandler = ({ org, query, op }) => {
  // Okta's default page is 20, the spec's maximum 200 (`limit: default -1` = the server's default).
  const limit = limitParam(query, 20, 200);
  const q = query.get("q")?.toLowerCase();
  const expression = query.get("filter");
  const filter = expression === null ? undefined : parseFilter(expression, APP_FILTERS);
  if (expression !== null && filter === undefined) {
    return oktaError("E0000031", {
      causes: [`filter: supported properties are ${APP_FILTERS.join(", ")}`],
    });
  }
  const matches =
    q === undefined && filter === undefined
      ? undefined
      : (app: OktaObject) =>
          (q === undefined || startsWithCI(app.name, q) || startsWithCI(app.label, q)) &&
          (filter === undefined || filter(app));
  const page = org.state.apps.page(query.get("after") ?? undefined, limit, matches);
  return {
    status: 200,
    body: page.items.map((app) => appView(org, app)),
    headers: linkHeaders(org, op.path, query, page, limit),
  };
};

const assignApplicationPolicy: OpHandler = ({ org, params }: OpContext) => {
  const app = findApp(org, params.appId!);
  if (app === undefined) return notFound(params.appId!, KIND);
  const policy = org.state.policies.get(params.policyId!);
  if (policy === undefined) return notFound(params.policyId!, "Policy");
  if (policy.type !== "ACCESS_POLICY") {
    return validationFailed("policyId", [
      { field: "policyId", message: "must be an ACCESS_POLICY" },
    ]);
  }
  org.state.appPolicies.set(app.id, policy.id);
  return noContent;
};

export const appHandlers: Record<string, OpHandler> = {
  createApplication,
  getApplication,
  replaceApplication,
  deleteApplication,
  listApplications,
  activateApplication: setStatus("ACTIVE"),
  deactivateApplication: setStatus("INACTIVE"),
  assignApplicationPolicy,
};

/**
 * What the Admin Console makes for "API Services" app integrations: a service app with
 * private_key_jwt and, since 2024, "Require DPoP" on (DESIGN.md; issue 11 defect 10). For
 * simulated console edits and seeds.
 */
export function consoleServiceApp(
  org: Org,
  options: {
    readonly label: string;
    readonly jwks: readonly Record<string, unknown>[];
    readonly dpop?: boolean;
  },
): OktaObject {
  const app = normalise(
    org,
    {
      name: "oidc_client",
      label: options.label,
      signOnMode: "OPENID_CONNECT",
      credentials: {
        oauthClient: { token_endpoint_auth_method: "private_key_jwt", autoKeyRotation: true },
      },
      settings: {
        oauthClient: {
          application_type: "service",
          grant_types: ["client_credentials"],
          response_types: ["token"],
          redirect_uris: [],
          consent_method: "REQUIRED",
          issuer_mode: "DYNAMIC",
          dpop_bound_access_tokens: options.dpop ?? true,
          jwks: { keys: options.jwks },
        },
      },
    },
    undefined,
    "console",
  );
  if (Array.isArray(app)) throw new TypeError(`console app refused: ${app.join(": ")}`);
  return org.state.apps.set(app);
}

/** A seeded app, completed as Okta would have stored it (ids, timestamps, client id). */
export function seedApp(org: Org, app: Record<string, unknown>): OktaObject {
  const previous = typeof app.id === "string" ? ({ ...app, id: app.id } as OktaObject) : undefined;
  const stored = normalise(org, app, previous, "console");
  if (Array.isArray(stored)) throw new TypeError(`seed app refused: ${stored.join(": ")}`);
  if (typeof app.lastUpdated === "string") stored.lastUpdated = app.lastUpdated;
  return org.state.apps.set(stored);
}
