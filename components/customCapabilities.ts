// Capabilities a stack defines for itself (`oktaplane:capabilities`, or ServiceAppArgs'
// `customCapabilities`): checked against Okta's published scopes and custom-role permissions,
// then turned into entries of the built-in table's shape, so the planner, the plan, the policy
// pack and the docs treat built-in and custom capabilities alike.

import { didYouMean } from "../config/suggest";
import { OKTA_PERMISSIONS, OKTA_SCOPES } from "../spec/oktaIam";
import {
  CAPABILITIES,
  CAPABILITY_NAMES,
  STANDARD_ROLES,
  type Capability,
  type CapabilityCatalog,
  type CustomRoleSpec,
  type RoleSpec,
  type StandardRole,
} from "./capabilities";

export const RESOURCE_KINDS = ["users", "groups", "group-members", "apps"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * What a custom capability's role may act on: every user of the org (`users`), the groups listed
 * in `ids` (`groups`: the groups themselves, e.g. their membership), the users in those groups
 * (`group-members`), or the apps listed in `ids` (`apps`). Ids: `00g…` groups, `0oa…` apps.
 */
export interface CustomResources {
  readonly kind: ResourceKind;
  /** Group or app ids; required except for `users`, which takes none. */
  readonly ids?: readonly string[];
}

/** A custom admin role (okta.AdminRoleCustom) over a resource set (okta.ResourceSet). */
export interface CustomRoleDefinition {
  /** Okta permissions (spec/okta-iam.json), e.g. `okta.users.read`. */
  readonly permissions: readonly string[];
  readonly resources: CustomResources;
}

/** One custom capability, by value: plain data, so it crosses languages and config alike. */
export interface CustomCapabilityDefinition {
  /** What it is for: shown in the plan, and the custom role's description in Okta. */
  readonly description: string;
  /** Okta API scopes granted to the app (okta.AppOauthApiScope). @default [] */
  readonly scopes?: readonly string[];
  /** Standard admin roles; SUPER_ADMIN and ORG_ADMIN need the app's opt-in by name. @default [] */
  readonly roles?: readonly StandardRole[];
  /** A custom admin role assigned to the app. @default none */
  readonly customRole?: CustomRoleDefinition;
}

/** A stack's custom capabilities by name (2-40 lowercase letters, digits or hyphens). */
export interface CustomCapabilities {
  readonly [name: string]: CustomCapabilityDefinition;
}

/** One problem with a definition; `path` starts at the capability's name. */
export interface DefinitionProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly value?: unknown;
}

const NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;
const GROUP_ID = {
  re: /^00g[0-9A-Za-z]{17}$/,
  what: "an Okta group id (00g followed by 17 characters)",
};
const ID_FORMAT: Record<Exclude<ResourceKind, "users">, { re: RegExp; what: string }> = {
  groups: GROUP_ID,
  "group-members": GROUP_ID,
  apps: { re: /^0oa[0-9A-Za-z]{17}$/, what: "an Okta app id (0oa followed by 17 characters)" },
};

/**
 * The kinds a permission family can act on. "If you use a custom role with permissions that
 * don't apply to the resources in the resource set, it doesn't affect the admin role", e.g.
 * okta.users.* on `/api/v1/groups/{id}` grants nothing; `/api/v1/groups/{id}/users` is needed
 * (Okta Management spec, tag RoleDResourceSetBinding). Other families are not judged.
 */
const KINDS_OF_FAMILY: Readonly<Record<string, readonly ResourceKind[]>> = {
  "okta.users.": ["users", "group-members"],
  "okta.groups.": ["groups"],
  "okta.apps.": ["apps"],
};
// "The maximum number of resources allowed in a resource set object is 1000" (Okta Resource
// Sets API, createResourceSet).
const MAX_IDS = 1000;
const MAX_DESCRIPTION = 200;
const SCOPES = new Set(OKTA_SCOPES);
const PERMISSIONS = new Set(OKTA_PERMISSIONS);

/** A scope's or permission's family: `okta.users` for `okta.users.read`, `ssf` for `ssf.read`. */
export function familyOf(name: string): string {
  const parts = name.split(".");
  return parts[0] === "okta" ? parts.slice(0, 2).join(".") : parts[0]!;
}

/**
 * Why a name is not one of a published list: a near miss, then the names to choose from. Both
 * come from the name's family (`okta.logs.*` for `okta.logs.write`) when the family exists, so
 * `okta.logs.manage` never suggests `okta.orgs.manage`; otherwise from the whole list.
 */
function notPublished(value: string, list: readonly string[], what: string): string {
  const family = familyOf(value);
  const near = list.filter((n) => familyOf(n) === family);
  return near.length > 0
    ? `${didYouMean(value, near)}; allowed ${family}.* ${what}: ${near.join(", ")}`
    : `${didYouMean(value, list)}; allowed: one of Okta's ${list.length} published ${what} (docs/CAPABILITIES.md lists them)`;
}

function listProblems(
  path: readonly (string | number)[],
  values: readonly string[],
  what: string,
  known: (v: string) => string | undefined,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  values.forEach((v, i) => {
    const unknown = known(v);
    if (unknown !== undefined) problems.push({ path: [...path, i], message: unknown, value: v });
    else if (values.indexOf(v) !== i)
      problems.push({ path: [...path, i], message: `duplicate ${what}`, value: v });
  });
  return problems;
}

function scopeProblem(scope: string): string | undefined {
  return SCOPES.has(scope)
    ? undefined
    : `not an Okta API scope${notPublished(scope, OKTA_SCOPES, "scopes")}`;
}

function permissionProblem(permission: string, kind: string): string | undefined {
  if (!PERMISSIONS.has(permission))
    return `not an Okta custom-role permission${notPublished(permission, OKTA_PERMISSIONS, "permissions")}`;
  const family = Object.keys(KINDS_OF_FAMILY).find((f) => permission.startsWith(f));
  const kinds = family === undefined ? undefined : KINDS_OF_FAMILY[family]!;
  // An unknown kind is a problem of its own; the family rule judges known kinds only.
  const known = (RESOURCE_KINDS as readonly string[]).includes(kind);
  if (kinds === undefined || !known || kinds.includes(kind as ResourceKind)) return undefined;
  return (
    `grants nothing on resources of kind ${kind}: Okta applies a permission only to matching ` +
    `resources in the set; ${family}* permissions need kind ${kinds.join(" or ")} (put them in ` +
    "a capability of their own)"
  );
}

function resourceProblems(resources: CustomResources): DefinitionProblem[] {
  const at = ["customRole", "resources"];
  if (!(RESOURCE_KINDS as readonly string[]).includes(resources.kind))
    return [
      {
        path: [...at, "kind"],
        message: `unknown resource kind${didYouMean(String(resources.kind), RESOURCE_KINDS)}; allowed: ${RESOURCE_KINDS.join(", ")}`,
        value: resources.kind,
      },
    ];
  const ids = resources.ids;
  if (resources.kind === "users")
    return ids === undefined
      ? []
      : [
          {
            path: [...at, "ids"],
            message: "kind users takes no ids: it means every user of the org",
          },
        ];
  const format = ID_FORMAT[resources.kind];
  if (ids === undefined || ids.length === 0 || ids.length > MAX_IDS)
    return [
      {
        path: [...at, "ids"],
        message: `must list 1 to ${MAX_IDS} ${resources.kind === "apps" ? "app" : "group"} ids for kind ${resources.kind}`,
      },
    ];
  return listProblems([...at, "ids"], ids, "id", (id) =>
    format.re.test(id) ? undefined : `must be ${format.what}`,
  );
}

function definitionProblems(def: CustomCapabilityDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (def.description.length < 1 || def.description.length > MAX_DESCRIPTION)
    problems.push({
      path: ["description"],
      message: `must be 1 to ${MAX_DESCRIPTION} characters (it becomes the custom role's description in Okta)`,
    });
  const scopes = def.scopes ?? [];
  const roles = def.roles ?? [];
  problems.push(...listProblems(["scopes"], scopes, "scope", scopeProblem));
  problems.push(
    ...listProblems(["roles"], roles, "role", (r) =>
      (STANDARD_ROLES as readonly string[]).includes(r)
        ? undefined
        : `unknown standard role${didYouMean(r, STANDARD_ROLES)}; allowed: ${STANDARD_ROLES.join(", ")}`,
    ),
  );
  const custom = def.customRole;
  if (custom !== undefined) {
    if (custom.permissions.length === 0)
      problems.push({
        path: ["customRole", "permissions"],
        message: "must list at least one permission",
      });
    problems.push(
      ...listProblems(["customRole", "permissions"], custom.permissions, "permission", (p) =>
        permissionProblem(p, custom.resources.kind),
      ),
      ...resourceProblems(custom.resources),
    );
  }
  if (scopes.length === 0 && roles.length === 0 && custom === undefined)
    problems.push({
      path: [],
      message: "grants nothing: list scopes, roles or a customRole",
    });
  return problems;
}

/**
 * Every problem with a stack's custom capabilities (empty: usable). A custom name may not be a
 * built-in one: a stack must never change what `read-only` means for the apps that use it.
 */
export function customCapabilityProblems(defs: CustomCapabilities): DefinitionProblem[] {
  return Object.entries(defs).flatMap(([name, def]) => {
    if (!NAME.test(name))
      return [
        {
          path: [name],
          message: "name must be 2-40 lowercase letters, digits or hyphens, starting with a letter",
        },
      ];
    if ((CAPABILITY_NAMES as readonly string[]).includes(name))
      return [
        {
          path: [name],
          message: `shadows the built-in capability ${name}: choose another name (built-in: ${CAPABILITY_NAMES.join(", ")})`,
        },
      ];
    return definitionProblems(def).map((p) => ({ ...p, path: [name, ...p.path] }));
  });
}

/** The role key of a custom capability's role: prefixed, so it never meets a built-in role's. */
export const customRoleKey = (name: string): string => `cap-${name}`;

/** A valid definition as a table entry: its scopes, its standard roles, then its custom role. */
export function customCapability(name: string, def: CustomCapabilityDefinition): Capability {
  const roles: RoleSpec[] = (def.roles ?? []).map((type) => ({ kind: "standard", type }));
  const custom = def.customRole;
  if (custom !== undefined) {
    const { kind, ids = [] } = custom.resources;
    const role: CustomRoleSpec = {
      key: customRoleKey(name),
      description: def.description,
      permissions: [...custom.permissions],
      resources: kind === "users" ? "users" : { kind, ids: [...ids] },
    };
    roles.push({ kind: "custom", role });
  }
  return { description: def.description, scopes: [...(def.scopes ?? [])], roles };
}

/** The built-in table plus a stack's valid custom capabilities. */
export function capabilityCatalog(defs: CustomCapabilities = {}): CapabilityCatalog {
  const entries = Object.entries(defs);
  if (entries.length === 0) return CAPABILITIES;
  return {
    ...CAPABILITIES,
    ...Object.fromEntries(entries.map(([name, def]) => [name, customCapability(name, def)])),
  };
}
