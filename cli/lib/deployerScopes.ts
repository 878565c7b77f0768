// The Okta scopes a credential needs for what a plan declares, derived from the operations each
// resource's provider calls (components/providerCalls.ts) and the scope Okta's spec requires for
// each: all steps for the deploying credential, reads only for previews, drift and `verify`.

import {
  PROVIDER_STEPS,
  providerCallsKey,
  scopedCallsFor,
  type ProviderStep,
} from "../../components/providerCalls";
import type { ResourceRecord } from "./evaluate";

export interface DeployerScope {
  readonly scope: string;
  /** Resource types that need it. */
  readonly for: string[];
}

export interface DeployerScopes {
  readonly scopes: DeployerScope[];
  /** Okta resource types with no entry in the call table: a gap to fix, shown rather than hidden. */
  readonly unmapped: string[];
}

/** The steps a read-only credential runs: `pulumi refresh`, and the DPoP setting's diff. */
export const READ_STEPS: readonly ProviderStep[] = ["read"];

/** Scopes for `steps` of every Okta (and dynamic) resource in `resources`. */
export function scopesFor(
  resources: readonly Pick<ResourceRecord, "type" | "inputs" | "custom">[],
  steps: readonly ProviderStep[],
): DeployerScopes {
  const byScope = new Map<string, Set<string>>();
  const unmapped = new Set<string>();
  for (const r of resources) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
    const key = providerCallsKey(r.type, r.inputs);
    const calls = scopedCallsFor(key, r.inputs, steps);
    if (calls === undefined) {
      if (key.startsWith("okta:") || key.startsWith("dynamic:")) unmapped.add(key);
      continue;
    }
    for (const scope of calls.flatMap((c) => c.scopes)) {
      const types = byScope.get(scope) ?? new Set<string>();
      types.add(key);
      byScope.set(scope, types);
    }
  }
  return {
    scopes: [...byScope.entries()]
      .map(([scope, types]) => ({ scope, for: [...types].sort() }))
      .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0)),
    unmapped: [...unmapped].sort(),
  };
}

/** The deploying credential: every step (`pulumi up` creates, updates and deletes). */
export const deployerScopesFor = (resources: readonly ResourceRecord[]) =>
  scopesFor(resources, PROVIDER_STEPS);

/** The read-only credential of PR previews and the drift job's `pulumi preview --refresh`. */
export const readOnlyScopesFor = (resources: readonly ResourceRecord[]) =>
  scopesFor(resources, READ_STEPS);
