// A hand-made org (test/adopt/support/orgs.ts) as the Okta simulator's seed (sim/okta/seed.ts):
// the same Okta API objects; custom roles carry their permission labels, resource sets their
// member objects.

import type { OrgSeed } from "../../../sim/okta";
import type { RawOrg } from "./orgs";

export function simSeed(raw: RawOrg): OrgSeed {
  return {
    apps: raw.apps,
    grants: raw.grants,
    clientRoles: raw.clientRoles,
    customRoles: raw.customRoles.map((r) => ({
      ...r.role,
      permissions: r.permissions.map((p) => String(p["label"])),
    })),
    resourceSets: raw.resourceSets.map((s) => ({ ...s.set, resources: s.resources })),
    eventHooks: raw.eventHooks,
    inlineHooks: raw.inlineHooks,
    authenticators: raw.authenticators,
    apiTokens: raw.apiTokens,
  };
}
