// Which OAuth scopes an admin role lets a caller use: Okta checks a token's scope AND its
// principal's admin role (developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/
// "Assign admin roles to the OAuth 2.0 service app"; role permissions per
// help.okta.com/en-us/content/topics/security/administrators-admin-comparison.htm).
// Kept simple on purpose: a role grants whole scope families, resource sets do not narrow them.

/** A scope family is the scope without its verb: `okta.apps` for `okta.apps.manage`. */
function family(scope: string): string {
  return scope.slice(0, scope.lastIndexOf("."));
}

const isRead = (scope: string) => scope.endsWith(".read");

/** Families each standard role may read and manage (the comparison table, condensed). */
const MANAGES: Readonly<Record<string, readonly string[] | "all">> = {
  SUPER_ADMIN: "all",
  // Org admins do everything except administer admins (roles) and API tokens of others.
  ORG_ADMIN: [
    "okta.apps",
    "okta.appGrants",
    "okta.authenticators",
    "okta.eventHooks",
    "okta.inlineHooks",
    "okta.policies",
    "okta.users",
    "okta.groups",
    "okta.factors",
    "okta.orgs",
    "okta.logs",
  ],
  APP_ADMIN: ["okta.apps", "okta.appGrants"],
  API_ACCESS_MANAGEMENT_ADMIN: ["okta.apps", "okta.appGrants", "okta.authorizationServers"],
  USER_ADMIN: ["okta.users", "okta.groups"],
  GROUP_MEMBERSHIP_ADMIN: ["okta.groups"],
  HELP_DESK_ADMIN: ["okta.users"],
  REPORT_ADMIN: ["okta.logs", "okta.reports"],
  READ_ONLY_ADMIN: [],
};

/** Read-only admins read every family; so does every other standard role (the table's "view"). */
const READS_ALL = new Set(["SUPER_ADMIN", "ORG_ADMIN", "READ_ONLY_ADMIN"]);

export interface RoleHolder {
  /** Standard role types (`SUPER_ADMIN`, `APP_ADMIN`…). */
  readonly roles: readonly string[];
  /** Permissions of the holder's custom roles (`okta.apps.manage`…). */
  readonly permissions: readonly string[];
}

/** Whether the holder's roles allow using `scope` (one of an operation's scopes). */
export function rolesAllow(holder: RoleHolder, scope: string): boolean {
  const fam = family(scope);
  for (const role of holder.roles) {
    const manages = MANAGES[role];
    if (manages === "all") return true;
    if (isRead(scope) && READS_ALL.has(role)) return true;
    if (manages?.includes(fam)) return true;
  }
  // Custom role permissions are named like scopes; `.manage` includes `.read` of its family.
  return holder.permissions.some(
    (p) => p === scope || (isRead(scope) && p.endsWith(".manage") && family(p) === fam),
  );
}

export const isSuperAdmin = (holder: RoleHolder): boolean => holder.roles.includes("SUPER_ADMIN");
