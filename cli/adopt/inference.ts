// The capability table (components/capabilities.ts) read backwards: from the scopes and admin
// roles an existing app holds, which capabilities it has in full, and what it holds that none of
// a given set of capabilities explains. Pure.

import {
  CAPABILITIES,
  CAPABILITY_NAMES,
  type CapabilityName,
  type RoleSpec,
} from "../../components/capabilities";

/** A CUSTOM role assignment as held: the role's permissions and its resource set's members. */
export interface HeldCustomRole {
  readonly assignmentId: string;
  readonly label: string;
  readonly permissions: readonly string[];
  /** Member paths: `/api/v1/users`, `/api/v1/groups/<id>`. */
  readonly members: readonly string[];
}

export interface Held {
  readonly scopes: readonly string[];
  /** Standard role types (READ_ONLY_ADMIN, …). */
  readonly standardRoles: readonly string[];
  readonly customRoles: readonly HeldCustomRole[];
}

export interface InferredCapability {
  readonly capability: CapabilityName;
  /** Set when the capability is held in its group-confined form. */
  readonly groups?: readonly string[];
}

const USERS = "/api/v1/users";
const GROUP = /^\/api\/v1\/groups\/([^/]+)$/;
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** The held custom roles that satisfy one custom role spec, with the groups each is confined to. */
function customMatches(
  spec: Extract<RoleSpec, { kind: "custom" }>,
  held: Held,
): { role: HeldCustomRole; groups: string[] }[] {
  return held.customRoles.flatMap((r) => {
    if (!sameSet(r.permissions, spec.role.permissions)) return [];
    if (spec.role.resources === "users")
      return r.members.length === 1 && r.members[0] === USERS ? [{ role: r, groups: [] }] : [];
    const groups = r.members.map((m) => GROUP.exec(m)?.[1]);
    return groups.length > 0 && groups.every((g) => g !== undefined)
      ? [{ role: r, groups: (groups as string[]).sort() }]
      : [];
  });
}

/** Whether every role spec is held; the groups of a group-confined custom role when there is one. */
function rolesHeld(specs: readonly RoleSpec[], held: Held): { groups?: string[] } | undefined {
  let groups: string[] | undefined;
  for (const spec of specs) {
    if (spec.kind === "standard") {
      if (!held.standardRoles.includes(spec.type)) return undefined;
      continue;
    }
    const found = customMatches(spec, held)[0];
    if (found === undefined) return undefined;
    if (spec.role.resources === "groups") groups = found.groups;
  }
  return groups === undefined ? {} : { groups };
}

/** Every capability the app holds in full (scopes and roles), in the table's order. */
export function inferCapabilities(held: Held): InferredCapability[] {
  const out: InferredCapability[] = [];
  for (const name of CAPABILITY_NAMES) {
    const cap: {
      scopes: readonly string[];
      roles: readonly RoleSpec[];
      rolesForGroups?: readonly RoleSpec[];
    } = CAPABILITIES[name];
    if (!cap.scopes.every((s) => held.scopes.includes(s))) continue;
    const plain = rolesHeld(cap.roles, held);
    if (plain !== undefined) {
      out.push({ capability: name });
      continue;
    }
    const confined = cap.rolesForGroups ? rolesHeld(cap.rolesForGroups, held) : undefined;
    if (confined?.groups !== undefined) out.push({ capability: name, groups: confined.groups });
  }
  return out;
}

/** What a set of capabilities accounts for among the held privileges. */
export interface Explained {
  readonly scopes: readonly string[];
  readonly standardRoles: readonly string[];
  /** Assignment ids of the held custom roles the capabilities account for. */
  readonly customRoles: readonly string[];
}

/** The held privileges that the given capabilities (as held: plain or group-confined) explain. */
export function explainedBy(held: Held, capabilities: readonly InferredCapability[]): Explained {
  const scopes = new Set<string>();
  const standard = new Set<string>();
  const custom = new Set<string>();
  for (const { capability, groups } of capabilities) {
    const cap: {
      scopes: readonly string[];
      roles: readonly RoleSpec[];
      rolesForGroups?: readonly RoleSpec[];
    } = CAPABILITIES[capability];
    for (const s of cap.scopes) if (held.scopes.includes(s)) scopes.add(s);
    const specs = groups !== undefined && cap.rolesForGroups ? cap.rolesForGroups : cap.roles;
    for (const spec of specs) {
      if (spec.kind === "standard") {
        if (held.standardRoles.includes(spec.type)) standard.add(spec.type);
      } else {
        for (const m of customMatches(spec, held)) custom.add(m.role.assignmentId);
      }
    }
  }
  return {
    scopes: [...scopes].sort(),
    standardRoles: [...standard].sort(),
    customRoles: [...custom].sort(),
  };
}
