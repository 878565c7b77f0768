// Reads what adopt needs from an org, read-only: every app (paged), then the grants, client roles
// and keys of only the apps that match a declared one (the 100/min /api/v1/apps bucket is the
// scarce one), custom roles with their permissions, resource sets with their members, hooks,
// authenticators (Identity Engine) and API token metadata.

import type { Desired } from "./desired";
import { matchApps } from "./match";
import {
  publicJwk,
  toApiToken,
  toApp,
  toAuthenticator,
  toCustomRole,
  toEventHook,
  toGrant,
  toInlineHook,
  toResourceSet,
  toRoleAssignment,
  type OrgSnapshot,
  type PublicKey,
} from "./org";
import type { OktaReader } from "./reader";

/** Okta's largest page for listApplications (spec: limit maximum 200). */
const APPS_PAGE = "200";

export async function scanOrg(
  reader: OktaReader,
  desired: Desired,
  onPhase: (phase: string) => void = () => undefined,
): Promise<OrgSnapshot> {
  onPhase("apps");
  const apps = ((await reader.list("listApplications", {}, { limit: APPS_PAGE })) ?? []).map(toApp);

  onPhase("the matched apps' grants, roles and keys");
  const { matched } = matchApps(desired, apps);
  const grants: Record<string, ReturnType<typeof toGrant>[]> = {};
  const clientRoles: Record<string, ReturnType<typeof toRoleAssignment>[]> = {};
  const appKeys: Record<string, PublicKey[]> = {};
  for (const app of matched.values()) {
    grants[app.id] = ((await reader.list("listScopeConsentGrants", { appId: app.id })) ?? []).map(
      toGrant,
    );
    if (app.applicationType !== "service") continue;
    const clientId = app.clientId ?? app.id;
    clientRoles[clientId] = ((await reader.list("listRolesForClient", { clientId })) ?? []).map(
      toRoleAssignment,
    );
    if (app.tokenEndpointAuthMethod === "private_key_jwt" && app.jwks === undefined)
      appKeys[app.id] = ((await reader.list("listJwk", { appId: app.id })) ?? []).flatMap(
        (k) => publicJwk(k) ?? [],
      );
  }

  onPhase("custom roles and resource sets");
  const customRoles = [];
  for (const role of (await reader.list("listRoles")) ?? []) {
    const id = String((role as { id?: unknown }).id ?? "");
    const permissions = (await reader.list("listRolePermissions", { roleIdOrLabel: id })) ?? [];
    customRoles.push(toCustomRole(role, permissions));
  }
  const resourceSets = [];
  for (const set of (await reader.list("listResourceSets")) ?? []) {
    const id = String((set as { id?: unknown }).id ?? "");
    const members =
      (await reader.list("listResourceSetResources", { resourceSetIdOrLabel: id })) ?? [];
    resourceSets.push(toResourceSet(set, members));
  }

  onPhase("hooks, authenticators and API tokens");
  const eventHooks = ((await reader.list("listEventHooks")) ?? []).map(toEventHook);
  const inlineHooks = ((await reader.list("listInlineHooks")) ?? []).map(toInlineHook);
  const authenticators =
    desired.engine === "oie"
      ? ((await reader.list("listAuthenticators")) ?? []).map(toAuthenticator)
      : undefined;
  const apiTokens = ((await reader.list("listApiTokens")) ?? []).map(toApiToken);

  return {
    apps,
    grants,
    clientRoles,
    appKeys,
    customRoles,
    resourceSets,
    eventHooks,
    inlineHooks,
    ...(authenticators === undefined ? {} : { authenticators }),
    apiTokens,
  };
}
