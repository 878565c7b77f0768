// Pure planning for one service app: capabilities, groups and keys in; the exact scopes, admin role
// assignments and keys out, or every problem, each naming its argument. No Pulumi runtime here.

import { createHash } from "node:crypto";
import { didYouMean } from "../config/suggest";
import {
  BROAD_ROLES,
  groupScopedCapabilities,
  scopesOf,
  type CapabilityCatalog,
  type CapabilityRef,
  type CustomRoleResources,
  type CustomRoleSpec,
  type RoleSpec,
  type StandardRole,
} from "./capabilities";
import {
  capabilityCatalog,
  customCapabilityProblems,
  type CustomCapabilities,
} from "./customCapabilities";

export type KeyAlgorithm = "RS256" | "ES256";
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ["RS256", "ES256"];

/** One client key of an app, by name. */
export interface ClientKeySpec {
  /** JWS algorithm: RS256 (RSA 2048) or ES256 (EC P-256). @default "RS256" */
  readonly algorithm?: KeyAlgorithm;
  /** Published `kid`. @default the key's RFC 7638 thumbprint */
  readonly kid?: string;
}

/** What a service app is asked to be: the planning half of ServiceAppArgs. */
export interface ServiceAppSpec {
  /** Built-in capabilities, or names from `customCapabilities`. */
  readonly capabilities: readonly CapabilityRef[];
  readonly groups?: readonly string[];
  readonly keys?: Readonly<Record<string, ClientKeySpec>>;
  readonly activeKey?: string;
  readonly allowBroadRoles?: readonly StandardRole[];
  /** The stack's own capabilities by name (components/customCapabilities.ts). @default {} */
  readonly customCapabilities?: CustomCapabilities;
}

/** Least privilege needs no key choice: one RSA key named `primary`. */
export const DEFAULT_KEYS: Readonly<Record<string, ClientKeySpec>> = {
  primary: { algorithm: "RS256" },
};
export const MAX_KEYS = 5;

/** What a resource set holds; its key is derived from its content so equal sets are shared. */
export interface ResourceSetSpec {
  readonly key: string;
  readonly description: string;
  readonly resources:
    | { readonly kind: "users" }
    | { readonly kind: "groups"; readonly groupIds: readonly string[] }
    | { readonly kind: "group-members"; readonly groupIds: readonly string[] }
    | { readonly kind: "apps"; readonly appIds: readonly string[] };
}

export type RoleAssignmentPlan =
  | { readonly key: string; readonly kind: "standard"; readonly type: StandardRole }
  | {
      readonly key: string;
      readonly kind: "custom";
      readonly role: CustomRoleSpec;
      readonly resourceSet: ResourceSetSpec;
    };

export interface PlannedKey {
  readonly name: string;
  readonly algorithm: KeyAlgorithm;
  readonly kid?: string;
}

export interface ServiceAppPlan {
  /** Exact Okta API scopes, sorted and unique. */
  readonly scopes: string[];
  /** Role assignments, sorted by key; the key names the child resource. */
  readonly roles: RoleAssignmentPlan[];
  /** Keys sorted by name (the order they are published in the app's JWKS). */
  readonly keys: PlannedKey[];
  readonly activeKey: string;
}

export interface PlanProblem {
  /** Path below the app's arguments, e.g. `["allowBroadRoles", 0]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly value?: unknown;
}

export class ServiceAppPlanError extends Error {
  readonly code = "SERVICE_APP_INVALID";
  constructor(
    readonly app: string,
    readonly problems: readonly PlanProblem[],
  ) {
    super(
      `service app ${app}: ${problems.length} problem(s):\n` +
        problems
          .map((p) => `  - ${formatPath(p.path)}: ${p.message}` + renderValue(p.value))
          .join("\n"),
    );
    this.name = "ServiceAppPlanError";
  }
}

const GROUP_ID = /^00g[0-9A-Za-z]{17}$/;
const KEY_NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;
const KID = /^[A-Za-z0-9_-]{1,64}$/;

/** Every problem with a spec (empty: plannable). */
export function validateServiceApp(spec: ServiceAppSpec): PlanProblem[] {
  // A stack's own capabilities first: nothing can be planned from a definition that is wrong.
  const definitions = customCapabilityProblems(spec.customCapabilities ?? {});
  if (definitions.length > 0)
    return definitions.map((p) => ({ ...p, path: ["customCapabilities", ...p.path] }));
  const catalog = capabilityCatalog(spec.customCapabilities);
  const names = Object.keys(catalog);
  const problems: PlanProblem[] = [];
  const caps = spec.capabilities;
  if (caps.length === 0)
    problems.push({ path: ["capabilities"], message: `must list at least one capability` });
  caps.forEach((c, i) => {
    if (!Object.prototype.hasOwnProperty.call(catalog, c))
      problems.push({
        path: ["capabilities", i],
        message: `unknown capability${didYouMean(c, names)}; expected one of ${names.map((n) => JSON.stringify(n)).join("|")}`,
        value: c,
      });
    else if (caps.indexOf(c) !== i)
      problems.push({ path: ["capabilities", i], message: "duplicate capability", value: c });
  });
  if (problems.length > 0) return problems;

  if (spec.groups !== undefined) {
    if (spec.groups.length === 0)
      problems.push({ path: ["groups"], message: "must list at least one group, or be left out" });
    spec.groups.forEach((g, i) => {
      if (!GROUP_ID.test(g))
        problems.push({
          path: ["groups", i],
          message: "must be an Okta group id (00g followed by 17 characters)",
          value: g,
        });
    });
    const scopable = groupScopedCapabilities(catalog);
    if (!caps.some((c) => scopable.includes(c)))
      problems.push({
        path: ["groups"],
        message: `none of the capabilities can be confined to groups; capabilities that can: ${scopable.join(", ")}`,
      });
  }

  problems.push(...broadRoleProblems(spec, catalog), ...keyProblems(spec));
  const roles = selectRoles(spec, catalog);
  if (roles.length === 0 && caps.some((c) => catalog[c]!.scopes.length > 0))
    problems.push({
      path: ["capabilities"],
      message:
        "grant scopes but no admin role: a service app without a role gets 403 from every Okta API; " +
        "add a capability that assigns one",
      value: caps,
    });
  return problems;
}

function broadRoleProblems(spec: ServiceAppSpec, catalog: CapabilityCatalog): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const allowed = spec.allowBroadRoles ?? [];
  const assigned = new Set<StandardRole>();
  spec.capabilities.forEach((c, i) => {
    for (const role of catalog[c]!.roles) {
      if (role.kind !== "standard" || !BROAD_ROLES.includes(role.type)) continue;
      assigned.add(role.type);
      if (!allowed.includes(role.type))
        problems.push({
          path: ["capabilities", i],
          message:
            `assigns ${role.type}, a broad role: opt in by name with allowBroadRoles: [${role.type}] ` +
            `(broad roles: ${[...BROAD_ROLES].sort().join(", ")})`,
          value: c,
        });
    }
  });
  allowed.forEach((r, i) => {
    if (!BROAD_ROLES.includes(r))
      problems.push({
        path: ["allowBroadRoles", i],
        message: `is not a broad role and needs no opt-in; allowed values: ${[...BROAD_ROLES].sort().join(", ")}`,
        value: r,
      });
    else if (!assigned.has(r))
      problems.push({
        path: ["allowBroadRoles", i],
        message: "no capability of this app assigns it: remove the stale opt-in",
        value: r,
      });
  });
  return problems;
}

function keyProblems(spec: ServiceAppSpec): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const keys = spec.keys ?? DEFAULT_KEYS;
  const names = Object.keys(keys);
  if (names.length < 1 || names.length > MAX_KEYS)
    problems.push({ path: ["keys"], message: `must hold 1 to ${MAX_KEYS} keys`, value: names });
  const kids = new Map<string, string>();
  for (const name of names) {
    const key = keys[name]!;
    if (!KEY_NAME.test(name))
      problems.push({
        path: ["keys", name],
        message:
          "key name must be 2-40 lowercase letters, digits or hyphens, starting with a letter",
      });
    if (key.algorithm !== undefined && !KEY_ALGORITHMS.includes(key.algorithm))
      problems.push({
        path: ["keys", name, "algorithm"],
        message: `allowed: ${KEY_ALGORITHMS.join(", ")}`,
        value: key.algorithm,
      });
    if (key.kid !== undefined) {
      if (!KID.test(key.kid))
        problems.push({
          path: ["keys", name, "kid"],
          message: "must be 1-64 characters of A-Z a-z 0-9 _ -",
          value: key.kid,
        });
      const other = kids.get(key.kid);
      if (other !== undefined)
        problems.push({
          path: ["keys", name, "kid"],
          message: `duplicate kid: also used by key ${other}`,
          value: key.kid,
        });
      kids.set(key.kid, name);
    }
  }
  if (spec.activeKey === undefined && names.length > 1)
    problems.push({
      path: ["activeKey"],
      message: `required when an app holds several keys; one of: ${names.join(", ")}`,
    });
  if (spec.activeKey !== undefined && !names.includes(spec.activeKey))
    problems.push({
      path: ["activeKey"],
      message: `names no key of this app; allowed: ${names.join(", ")}`,
      value: spec.activeKey,
    });
  return problems;
}

/** The role specs the capabilities assign, group-confined variants chosen when groups are set. */
function selectRoles(spec: ServiceAppSpec, catalog: CapabilityCatalog): RoleSpec[] {
  const confined = spec.groups !== undefined && spec.groups.length > 0;
  return spec.capabilities.flatMap((c) => {
    const cap = catalog[c]!;
    return confined && cap.rolesForGroups ? [...cap.rolesForGroups] : [...cap.roles];
  });
}

/** The plan for a valid spec; throws ServiceAppPlanError listing every problem otherwise. */
export function planServiceApp(app: string, spec: ServiceAppSpec): ServiceAppPlan {
  const problems = validateServiceApp(spec);
  if (problems.length > 0) throw new ServiceAppPlanError(app, problems);

  const catalog = capabilityCatalog(spec.customCapabilities);
  const scopes = scopesOf(spec.capabilities, catalog);
  const roles = new Map<string, RoleAssignmentPlan>();
  for (const role of selectRoles(spec, catalog)) {
    const planned = planRole(role, spec.groups ?? []);
    roles.set(planned.key, planned);
  }
  const keys = Object.entries(spec.keys ?? DEFAULT_KEYS)
    .map(([name, k]) => ({
      name,
      algorithm: k.algorithm ?? "RS256",
      ...(k.kid === undefined ? {} : { kid: k.kid }),
    }))
    .sort((a, b) => compare(a.name, b.name));
  return {
    scopes,
    roles: [...roles.values()].sort((a, b) => compare(a.key, b.key)),
    keys,
    activeKey: spec.activeKey ?? keys[0]!.name,
  };
}

function planRole(role: RoleSpec, groups: readonly string[]): RoleAssignmentPlan {
  if (role.kind === "standard")
    return { key: role.type.toLowerCase().replace(/_/g, "-"), kind: "standard", type: role.type };
  return {
    key: `custom-${role.role.key}`,
    kind: "custom",
    role: role.role,
    resourceSet: resourceSetOf(role.role.resources, groups),
  };
}

/**
 * The resource set of a custom role: all users, the app's groups, or listed groups, their
 * members, or apps. Equal contents give equal keys, so equal sets are shared.
 */
export function resourceSetOf(
  resources: CustomRoleResources,
  groups: readonly string[],
): ResourceSetSpec {
  if (typeof resources === "string") return resourceSetFor(resources, groups);
  if (resources.kind === "groups") return resourceSetFor("groups", resources.ids);
  const ids = [...new Set(resources.ids)].sort();
  if (resources.kind === "group-members")
    return {
      key: `group-members-${digestOf(ids)}`,
      description: `Users in groups ${ids.join(", ")}`,
      resources: { kind: "group-members", groupIds: ids },
    };
  return {
    key: `apps-${digestOf(ids)}`,
    description: `Apps ${ids.join(", ")}`,
    resources: { kind: "apps", appIds: ids },
  };
}

/** Equal contents give equal keys, whatever order the groups were listed in. */
export function resourceSetFor(
  kind: "users" | "groups",
  groups: readonly string[],
): ResourceSetSpec {
  if (kind === "users")
    return { key: "all-users", description: "All users of the org", resources: { kind: "users" } };
  const groupIds = [...new Set(groups)].sort();
  return {
    key: `groups-${digestOf(groupIds)}`,
    description: `Groups ${groupIds.join(", ")}`,
    resources: { kind: "groups", groupIds },
  };
}

/** A short stable digest of sorted ids: equal sets, equal keys. */
function digestOf(ids: readonly string[]): string {
  return createHash("sha256").update(ids.join(",")).digest("hex").slice(0, 12);
}

/** Code-unit order: stable across locales, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function renderValue(value: unknown): string {
  return value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
}
