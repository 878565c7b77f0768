// The Okta read operations adopt calls, each with its OAuth scope as Okta's Management API spec
// declares it (`security: oauth2: [...]`, reference/okta-management-openapi-2026.06.3.yaml;
// test/adopt/readOperations.test.ts checks every row against the spec). The one place to switch
// to the generated operation table under spec/ once it lands on main.

export interface ReadOperation {
  readonly operationId: string;
  /** Path template as the spec writes it. */
  readonly path: string;
  readonly scope: string;
  /** Identity Engine only (the Authenticators API). */
  readonly oieOnly?: boolean;
}

export const READ_OPERATIONS = {
  listApplications: {
    operationId: "listApplications",
    path: "/api/v1/apps",
    scope: "okta.apps.read",
  },
  listJwk: {
    operationId: "listJwk",
    path: "/api/v1/apps/{appId}/credentials/jwks",
    scope: "okta.apps.read",
  },
  listScopeConsentGrants: {
    operationId: "listScopeConsentGrants",
    path: "/api/v1/apps/{appId}/grants",
    scope: "okta.appGrants.read",
  },
  listRolesForClient: {
    operationId: "listRolesForClient",
    path: "/oauth2/v1/clients/{clientId}/roles",
    scope: "okta.roles.read",
  },
  listRoles: { operationId: "listRoles", path: "/api/v1/iam/roles", scope: "okta.roles.read" },
  listRolePermissions: {
    operationId: "listRolePermissions",
    path: "/api/v1/iam/roles/{roleIdOrLabel}/permissions",
    scope: "okta.roles.read",
  },
  listResourceSets: {
    operationId: "listResourceSets",
    path: "/api/v1/iam/resource-sets",
    scope: "okta.roles.read",
  },
  listResourceSetResources: {
    operationId: "listResourceSetResources",
    path: "/api/v1/iam/resource-sets/{resourceSetIdOrLabel}/resources",
    scope: "okta.roles.read",
  },
  listEventHooks: {
    operationId: "listEventHooks",
    path: "/api/v1/eventHooks",
    scope: "okta.eventHooks.read",
  },
  listInlineHooks: {
    operationId: "listInlineHooks",
    path: "/api/v1/inlineHooks",
    scope: "okta.inlineHooks.read",
  },
  listAuthenticators: {
    operationId: "listAuthenticators",
    path: "/api/v1/authenticators",
    scope: "okta.authenticators.read",
    oieOnly: true,
  },
  listApiTokens: {
    operationId: "listApiTokens",
    path: "/api/v1/api-tokens",
    scope: "okta.apiTokens.read",
  },
} as const satisfies Record<string, ReadOperation>;

export type ReadOperationId = keyof typeof READ_OPERATIONS;

/** Every scope adopt needs for an org of this engine, sorted: read scopes only. */
export function readScopes(engine: "oie" | "classic"): string[] {
  const ops: ReadOperation[] = Object.values(READ_OPERATIONS);
  return [...new Set(ops.filter((o) => engine === "oie" || !o.oieOnly).map((o) => o.scope))].sort();
}

/** A concrete path (`/api/v1/apps/0oa1/grants`) with its parameters filled in. */
export function pathOf(id: ReadOperationId, params: Readonly<Record<string, string>> = {}): string {
  return READ_OPERATIONS[id].path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${id}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
