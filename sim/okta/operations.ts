// The Okta operations the simulator answers, by the spec's operationId, grouped by API area.
// scripts/okta-spec/generate.ts emits their request/response schemas into spec/okta-schemas.json;
// a request for any other operation is recorded as a gap.

export const IMPLEMENTED = {
  configure: ["getUser", "getWellknownOrgMetadata"],
  apps: [
    "listApplications",
    "createApplication",
    "getApplication",
    "replaceApplication",
    "deleteApplication",
    "activateApplication",
    "deactivateApplication",
    "assignApplicationPolicy",
  ],
  grants: [
    "listScopeConsentGrants",
    "grantConsentToScope",
    "getScopeConsentGrant",
    "revokeScopeConsentGrant",
  ],
  clientRoles: [
    "listRolesForClient",
    "assignRoleToClient",
    "retrieveClientRole",
    "deleteRoleFromClient",
  ],
  customRoles: [
    "listRoles",
    "createRole",
    "getRole",
    "replaceRole",
    "deleteRole",
    "listRolePermissions",
    "getRolePermission",
    "createRolePermission",
    "deleteRolePermission",
  ],
  resourceSets: [
    "listResourceSets",
    "createResourceSet",
    "getResourceSet",
    "replaceResourceSet",
    "deleteResourceSet",
    "listResourceSetResources",
    "addResourceSetResources",
    "getResourceSetResource",
    "deleteResourceSetResource",
  ],
  policies: ["listPolicies", "getPolicy"],
  eventHooks: [
    "listEventHooks",
    "createEventHook",
    "getEventHook",
    "replaceEventHook",
    "deleteEventHook",
    "activateEventHook",
    "deactivateEventHook",
    "verifyEventHook",
  ],
  inlineHooks: [
    "listInlineHooks",
    "createInlineHook",
    "getInlineHook",
    "replaceInlineHook",
    "deleteInlineHook",
    "activateInlineHook",
    "deactivateInlineHook",
    "executeInlineHook",
  ],
  authenticators: [
    "listAuthenticators",
    "createAuthenticator",
    "getAuthenticator",
    "replaceAuthenticator",
    "activateAuthenticator",
    "deactivateAuthenticator",
  ],
  apiTokens: [
    "listApiTokens",
    "getApiToken",
    "upsertApiToken",
    "revokeApiToken",
    "revokeCurrentApiToken",
  ],
  users: ["listUsers", "createUser", "listFactors", "getFactor", "enrollFactor", "unenrollFactor"],
} as const;

/** Operations of Okta's OAuth spec (okta-oauth-openapi) the simulator answers. */
export const IMPLEMENTED_OAUTH = ["token"] as const;

export type OktaArea = keyof typeof IMPLEMENTED;
export type OperationId = (typeof IMPLEMENTED)[OktaArea][number];

export const IMPLEMENTED_IDS: readonly string[] = Object.values(IMPLEMENTED).flat();
