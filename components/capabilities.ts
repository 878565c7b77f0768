// One table maps each capability a service app may hold to the exact Okta API scopes and admin
// roles it needs: the single source of least privilege for apps, policies and docs.

/** Okta standard admin role types that a service app may be assigned. */
export const STANDARD_ROLES = [
  "READ_ONLY_ADMIN",
  "USER_ADMIN",
  "GROUP_MEMBERSHIP_ADMIN",
  "APP_ADMIN",
  "HELP_DESK_ADMIN",
  "REPORT_ADMIN",
  "API_ACCESS_MANAGEMENT_ADMIN",
  "MOBILE_ADMIN",
  "ORG_ADMIN",
  "SUPER_ADMIN",
] as const;
export type StandardRole = (typeof STANDARD_ROLES)[number];

/** Roles so broad that an app only gets them when the stack opts in by the role's name. */
export const BROAD_ROLES: readonly StandardRole[] = ["SUPER_ADMIN", "ORG_ADMIN"];

/**
 * What a custom role's resource set contains: all users of the org (`users`), the app's own
 * `groups` (`groups`), or listed groups, their members, or apps (a stack's custom capabilities).
 */
export type CustomRoleResources =
  | "users"
  | "groups"
  | { readonly kind: "groups" | "group-members" | "apps"; readonly ids: readonly string[] };

/** A custom admin role (okta.AdminRoleCustom) bound to a resource set (okta.ResourceSet). */
export interface CustomRoleSpec {
  readonly key: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly resources: CustomRoleResources;
}

export type RoleSpec =
  | { readonly kind: "standard"; readonly type: StandardRole }
  | { readonly kind: "custom"; readonly role: CustomRoleSpec };

export interface Capability {
  readonly description: string;
  /** Okta API scopes granted to the app (okta.AppOauthApiScope). */
  readonly scopes: readonly string[];
  /** Admin roles when the app is not constrained to groups. */
  readonly roles: readonly RoleSpec[];
  /**
   * Admin roles when the app is constrained to `groups`; absent when the capability cannot be
   * constrained (its roles are then used as they are).
   */
  readonly rolesForGroups?: readonly RoleSpec[];
}

const standard = (type: StandardRole): RoleSpec => ({ kind: "standard", type });

/**
 * Group membership management confined to a resource set of the configured groups. Okta applies a
 * permission only to matching resources in the set, so user lookups come from `userReaderRole`.
 */
const groupProvisioningRole: RoleSpec = {
  kind: "custom",
  role: {
    key: "group-provisioning",
    description: "Read the listed groups and add or remove their members",
    permissions: ["okta.groups.read", "okta.groups.members.manage"],
    resources: "groups",
  },
};

/** Read every user's profile and nothing else (all users of the org). */
const userReaderRole: RoleSpec = {
  kind: "custom",
  role: {
    key: "user-reader",
    description: "Read user profiles",
    permissions: ["okta.users.read"],
    resources: "users",
  },
};

const SERVICENOW_SPOKE_SCOPES = [
  "okta.users.manage",
  "okta.apps.manage",
  "okta.logs.read",
  "okta.groups.read",
  "okta.groups.manage",
  "okta.users.read",
  "okta.apps.read",
  "okta.eventHooks.read",
  "okta.eventHooks.manage",
] as const;

const MOVEWORKS_SCOPES = [
  "okta.apps.read",
  "okta.apps.manage",
  "okta.factors.read",
  "okta.factors.manage",
  "okta.groups.read",
  "okta.groups.manage",
  "okta.users.read",
  "okta.users.manage",
  "okta.orgs.read",
  "okta.logs.read",
] as const;

/**
 * Every capability, with its exact scopes and roles. Each entry's doc comment lists them; the
 * table itself is rendered into docs/CAPABILITIES.md (test/components/capabilitiesDoc.test.ts
 * fails when the file drifts).
 */
export const CAPABILITIES = {
  /**
   * Identify employees, lockout and password-expiry notices (Moveworks "read-only").
   * Scopes: okta.users.read, okta.groups.read, okta.apps.read. Roles: READ_ONLY_ADMIN.
   */
  "read-only": {
    description: "Read users, groups and apps (Moveworks read-only)",
    scopes: ["okta.users.read", "okta.groups.read", "okta.apps.read"],
    roles: [standard("READ_ONLY_ADMIN")],
  },
  /**
   * Software access requests (Moveworks "software provisioning": Group Admin + App Admin).
   * Scopes: okta.users.read, okta.groups.read, okta.groups.manage, okta.apps.read, okta.apps.manage.
   * Roles: USER_ADMIN (Okta's "Group Administrator"), APP_ADMIN. With `groups`: custom
   * group-provisioning on those groups, custom user-reader on all users, APP_ADMIN.
   */
  "software-provisioning": {
    description: "Add users to groups and apps (Moveworks software provisioning)",
    scopes: [
      "okta.users.read",
      "okta.groups.read",
      "okta.groups.manage",
      "okta.apps.read",
      "okta.apps.manage",
    ],
    roles: [standard("USER_ADMIN"), standard("APP_ADMIN")],
    rolesForGroups: [groupProvisioningRole, userReaderRole, standard("APP_ADMIN")],
  },
  /**
   * Password reset, unlock and MFA reset (Moveworks help: Help Desk Admin + Report Admin).
   * Scopes: okta.users.read, okta.users.manage, okta.factors.read, okta.factors.manage,
   * okta.logs.read. Roles: HELP_DESK_ADMIN, REPORT_ADMIN.
   */
  "password-mfa-help": {
    description: "Reset passwords, unlock accounts, reset MFA (Moveworks help)",
    scopes: [
      "okta.users.read",
      "okta.users.manage",
      "okta.factors.read",
      "okta.factors.manage",
      "okta.logs.read",
    ],
    roles: [standard("HELP_DESK_ADMIN"), standard("REPORT_ADMIN")],
  },
  /**
   * What the hook receiver needs to find a user's phone number.
   * Scopes: okta.users.read. Roles: custom user-reader on all users.
   */
  "read-users": {
    description: "Read user profiles (hook receiver)",
    scopes: ["okta.users.read"],
    roles: [userReaderRole],
  },
  /**
   * The nine scopes the ServiceNow Okta spoke's setup grants. Scopes only: combine it with a
   * capability that assigns a role (a service app without one is refused).
   */
  "servicenow-spoke": {
    description: "The ServiceNow Okta spoke's nine scopes",
    scopes: SERVICENOW_SPOKE_SCOPES,
    roles: [],
  },
  /**
   * The ten scopes Moveworks' Okta guide grants. Scopes only: roles come from the Moveworks
   * capabilities (read-only, software-provisioning, password-mfa-help).
   */
  "moveworks-scopes": {
    description: "The ten scopes Moveworks' Okta guide grants",
    scopes: MOVEWORKS_SCOPES,
    roles: [],
  },
  /** Super Administrator, no scopes. Refused unless `allowBroadRoles: [SUPER_ADMIN]`. */
  "super-admin": {
    description: "Super Administrator (broad: opt in by name)",
    scopes: [],
    roles: [standard("SUPER_ADMIN")],
  },
  /** Organization Administrator, no scopes. Refused unless `allowBroadRoles: [ORG_ADMIN]`. */
  "org-admin": {
    description: "Organization Administrator (broad: opt in by name)",
    scopes: [],
    roles: [standard("ORG_ADMIN")],
  },
} as const satisfies Record<string, Capability>;

export type CapabilityName = keyof typeof CAPABILITIES;
export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as [CapabilityName, ...CapabilityName[]];

/** A capability by name: a built-in one, or one a stack defines (components/customCapabilities.ts). */
export type CapabilityRef = CapabilityName | (string & {});

/** Capabilities by name: the built-in table, plus a stack's own where it defines some. */
export type CapabilityCatalog = Readonly<Record<string, Capability>>;

/** The standard roles a set of capabilities would assign that need an opt-in by name. */
export function broadRolesOf(capabilities: readonly CapabilityName[]): StandardRole[] {
  const found = new Set<StandardRole>();
  for (const name of capabilities) {
    for (const role of CAPABILITIES[name].roles) {
      if (role.kind === "standard" && BROAD_ROLES.includes(role.type)) found.add(role.type);
    }
  }
  return [...found].sort();
}

/** The exact scopes a list of capabilities grants: their union, sorted, each once. */
export function scopesOf(
  names: readonly string[],
  catalog: CapabilityCatalog = CAPABILITIES,
): string[] {
  return [...new Set(names.flatMap((c) => [...catalog[c]!.scopes]))].sort();
}

/** Which capabilities of a catalog can be confined to a list of groups. */
export function groupScopedCapabilities(catalog: CapabilityCatalog = CAPABILITIES): string[] {
  return Object.keys(catalog).filter((n) => catalog[n]!.rolesForGroups !== undefined);
}
