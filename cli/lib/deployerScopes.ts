// One table: the Okta management scopes the *deploying* credential (the Okta provider's own
// service app or API token) needs for each resource type the program may declare.

import type { ResourceRecord } from "./evaluate";

/** Type token → scopes. Dynamic resources are keyed `dynamic:<kind input>`. */
export const DEPLOYER_SCOPES: Readonly<Record<string, readonly string[]>> = {
  "okta:app/oAuth:OAuth": ["okta.apps.manage"],
  // okta.apps.manage does not cover grants: granting scopes needs its own scope.
  "okta:index/appOauthApiScope:AppOauthApiScope": ["okta.appGrants.manage"],
  "okta:app/oauthRoleAssignment:OauthRoleAssignment": ["okta.roles.manage"],
  "okta:index/adminRoleCustom:AdminRoleCustom": ["okta.roles.manage"],
  "okta:index/resourceSet:ResourceSet": ["okta.roles.manage"],
  "okta:index/eventHook:EventHook": ["okta.eventHooks.manage"],
  "okta:index/eventHookVerification:EventHookVerification": ["okta.eventHooks.manage"],
  "okta:inline/hook:Hook": ["okta.inlineHooks.manage"],
  "okta:index/authenticator:Authenticator": ["okta.authenticators.manage"],
  "okta:factor/factor:Factor": ["okta.factors.manage"],
  "okta:index/apiToken:ApiToken": ["okta.apiTokens.manage"],
  "okta:network/zone:Zone": ["okta.networkZones.manage"],
  // DPoP is set through the Apps API (the provider has no field for it).
  "dynamic:okta-app-dpop": ["okta.apps.manage"],
};

export interface DeployerScope {
  readonly scope: string;
  /** Resource types that need it. */
  readonly for: string[];
}

export interface DeployerScopes {
  readonly scopes: DeployerScope[];
  /** Okta resource types with no entry in the table: a gap to fix, shown rather than hidden. */
  readonly unmapped: string[];
}

export function tableKey(r: Pick<ResourceRecord, "type" | "inputs">): string {
  return r.type === "pulumi-nodejs:dynamic:Resource"
    ? `dynamic:${String(r.inputs["kind"])}`
    : r.type;
}

export function deployerScopesFor(resources: readonly ResourceRecord[]): DeployerScopes {
  const byScope = new Map<string, Set<string>>();
  const unmapped = new Set<string>();
  for (const r of resources) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
    const key = tableKey(r);
    const scopes = DEPLOYER_SCOPES[key];
    if (scopes === undefined) {
      if (key.startsWith("okta:") || key.startsWith("dynamic:")) unmapped.add(key);
      continue;
    }
    for (const scope of scopes) {
      const types = byScope.get(scope) ?? new Set<string>();
      types.add(key);
      byScope.set(scope, types);
    }
  }
  return {
    scopes: [...byScope.entries()]
      .map(([scope, types]) => ({ scope, for: [...types].sort() }))
      .sort((a, b) => a.scope.localeCompare(b.scope)),
    unmapped: [...unmapped].sort(),
  };
}
