// A raw org read the way the reader reads it, without a server: for the pure tests.

import {
  toApiToken,
  toApp,
  toAuthenticator,
  toCustomRole,
  toEventHook,
  toGrant,
  toInlineHook,
  toResourceSet,
  toRoleAssignment,
  publicJwk,
  type OrgSnapshot,
} from "../../../cli/adopt/org";
import type { RawOrg } from "./orgs";

const map = <T, U>(o: Record<string, T[]>, f: (t: T) => U) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.map(f)]));

export function snapshotOf(org: RawOrg): OrgSnapshot {
  return {
    apps: org.apps.map(toApp),
    grants: map(org.grants, toGrant),
    clientRoles: map(org.clientRoles, toRoleAssignment),
    appKeys: map(org.appKeys, (k) => publicJwk(k)!),
    customRoles: org.customRoles.map((r) => toCustomRole(r.role, r.permissions)),
    resourceSets: org.resourceSets.map((s) => toResourceSet(s.set, s.resources)),
    eventHooks: org.eventHooks.map(toEventHook),
    inlineHooks: org.inlineHooks.map(toInlineHook),
    authenticators: org.authenticators.map(toAuthenticator),
    apiTokens: org.apiTokens.map(toApiToken),
  };
}
