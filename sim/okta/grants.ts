// App grants (/api/v1/apps/{appId}/grants): the scopes an app may request from the org
// authorization server. PROVIDERS.md (okta.AppOauthApiScope): one POST `{issuer, scopeId}` per
// scope, the issuer must be the org URL; list; revoke.
import { oktaOperations } from "../../spec/oktaOperations";
import { notFound, validationFailed } from "./errors";
import { findApp } from "./apps";
import { href, noContent, nowIso, ok, type OpHandler, type Org } from "./org";
import { clientIdOf, oktaId, type OktaObject } from "./state";

/** Okta's OAuth scopes for its own APIs: every scope the Management spec names. */
export const OKTA_SCOPES: ReadonlySet<string> = new Set(
  oktaOperations.operations.flatMap((op) => op.scopes),
);

function grantView(org: Org, appId: string, grant: OktaObject): OktaObject {
  return {
    ...grant,
    _embedded: { scope: { id: grant.scopeId } },
    _links: {
      self: href(org, `/api/v1/apps/${appId}/grants/${grant.id}`),
      app: href(org, `/api/v1/apps/${appId}`),
      client: href(org, `/oauth2/v1/clients/${String(grant.clientId)}`),
    },
  };
}

const grantConsentToScope: OpHandler = ({ org, params, body, caller }) => {
  const app = findApp(org, params.appId!);
  if (app === undefined) return notFound(params.appId!, "AppInstance");
  const { issuer, scopeId } = body as { issuer: string; scopeId: string };
  // The org authorization server's issuer is the org URL (PROVIDERS.md); anything else is refused.
  if (!org.orgUrls.includes(issuer.replace(/\/$/, ""))) {
    return validationFailed("issuer", [
      { field: "issuer", message: `must be the org URL ${org.orgUrls[0]}` },
    ]);
  }
  if (!OKTA_SCOPES.has(scopeId)) {
    return validationFailed("scopeId", [{ field: "scopeId", message: `unknown scope ${scopeId}` }]);
  }
  const grants = org.state.grants.of(app.id);
  if (grants.find((g) => g.scopeId === scopeId && g.status === "ACTIVE") !== undefined) {
    // (inferred) Okta refuses a second grant of the same scope rather than duplicating it.
    return validationFailed("scopeId", [
      { field: "scopeId", message: `consent has already been given to ${scopeId}` },
    ]);
  }
  const now = nowIso(org);
  const grant = grants.set({
    id: oktaId("oag"),
    status: "ACTIVE",
    created: now,
    lastUpdated: now,
    issuer: issuer.replace(/\/$/, ""),
    clientId: clientIdOf(app) ?? app.id,
    scopeId,
    source: "ADMIN",
    createdBy: { id: caller.id, type: caller.kind === "oauth" ? "Client" : "User" },
  });
  return ok(grantView(org, app.id, grant), 201);
};

const listScopeConsentGrants: OpHandler = ({ org, params }) => {
  const app = findApp(org, params.appId!);
  if (app === undefined) return notFound(params.appId!, "AppInstance");
  const grants = [...(org.state.grants.peek(app.id)?.values() ?? [])];
  return ok(grants.map((g) => grantView(org, app.id, g)));
};

const getScopeConsentGrant: OpHandler = ({ org, params }) => {
  const grant = org.state.grants.peek(params.appId!)?.get(params.grantId!);
  return grant === undefined
    ? notFound(params.grantId!, "OAuth2ScopeConsentGrant")
    : ok(grantView(org, params.appId!, grant));
};

const revokeScopeConsentGrant: OpHandler = ({ org, params }) => {
  const grants = org.state.grants.peek(params.appId!);
  if (grants?.get(params.grantId!) === undefined) {
    return notFound(params.grantId!, "OAuth2ScopeConsentGrant");
  }
  grants.delete(params.grantId!);
  return noContent;
};

export const grantHandlers: Record<string, OpHandler> = {
  grantConsentToScope,
  listScopeConsentGrants,
  getScopeConsentGrant,
  revokeScopeConsentGrant,
};
