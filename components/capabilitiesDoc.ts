// Renders docs/CAPABILITIES.md from the capability table (and the custom-capability rules and
// Okta's published names), so the document can never drift from what apps are granted
// (test/components/capabilitiesDoc.test.ts compares the two).

import {
  BROAD_ROLES,
  CAPABILITIES,
  CAPABILITY_NAMES,
  type CustomRoleResources,
  type CustomRoleSpec,
  type RoleSpec,
} from "./capabilities";
import { customCapabilitiesSection } from "./customCapabilitiesDoc";

const code = (s: string) => `\`${s}\``;

/** What a custom role's resource set holds, in words (the docs and the plan say it alike). */
export function resourcesText(r: CustomRoleResources): string {
  if (r === "users") return "all users of the org";
  if (r === "groups") return "the app's `groups`";
  return r.kind === "group-members"
    ? `users in groups ${r.ids.join(", ")}`
    : `${r.kind} ${r.ids.join(", ")}`;
}

function role(r: RoleSpec): string {
  return r.kind === "standard" ? code(r.type) : `custom ${code(r.role.key)}`;
}

function customRoles(): CustomRoleSpec[] {
  const byKey = new Map<string, CustomRoleSpec>();
  for (const name of CAPABILITY_NAMES) {
    const c: { roles: readonly RoleSpec[]; rolesForGroups?: readonly RoleSpec[] } =
      CAPABILITIES[name];
    for (const r of [...c.roles, ...(c.rolesForGroups ?? [])])
      if (r.kind === "custom") byKey.set(r.role.key, r.role);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function renderCapabilitiesDoc(): string {
  const rows = CAPABILITY_NAMES.map((name) => {
    const c: {
      description: string;
      scopes: readonly string[];
      roles: readonly RoleSpec[];
      rolesForGroups?: readonly RoleSpec[];
    } = CAPABILITIES[name];
    const scopes = c.scopes.length === 0 ? "none" : [...c.scopes].sort().map(code).join("<br>");
    const roles = c.roles.length === 0 ? "none" : c.roles.map(role).join("<br>");
    const grouped = c.rolesForGroups ? c.rolesForGroups.map(role).join("<br>") : "same";
    return `| ${code(name)} | ${c.description} | ${scopes} | ${roles} | ${grouped} |`;
  });
  const custom = customRoles().map(
    (r) =>
      `| ${code(r.key)} | ${r.description} | ${r.permissions.map(code).join("<br>")} | ` +
      `${resourcesText(r.resources)} |`,
  );
  return [
    "# Capabilities",
    "",
    "<!-- Generated from components/capabilities.ts by components/capabilitiesDoc.ts. Do not edit:",
    "     change the table, then run UPDATE_DOCS=1 npx vitest run test/components/capabilitiesDoc.test.ts -->",
    "",
    "A service app lists capabilities (`serviceApps.<key>.capabilities`). Each maps to the exact Okta",
    "API scopes granted to the app (`okta.AppOauthApiScope`) and the admin roles assigned to it",
    "(`okta.app.OauthRoleAssignment`). An app gets the union of its capabilities' scopes and roles,",
    "each once. With `groups`, capabilities that can be confined use the last column instead.",
    "",
    "| Capability | What it is for | Scopes | Roles | Roles with `groups` |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "## Custom roles",
    "",
    "Custom roles are `okta.AdminRoleCustom` bound to an `okta.ResourceSet`. Each is defined once per",
    "stack and shared by every app that needs it; a resource set is shared by apps with the same",
    "members. Members are org URLs (`https://<org>/api/v1/groups/<id>`, `https://<org>/api/v1/users`).",
    "",
    "| Role | What it allows | Permissions | Resource set |",
    "| --- | --- | --- | --- |",
    ...custom,
    "",
    "## Refusals",
    "",
    `- Broad roles (${[...BROAD_ROLES].sort().map(code).join(", ")}) are refused unless the app`,
    "  opts in by name: `allowBroadRoles: [SUPER_ADMIN]`. An opt-in for a role that is not broad, or",
    "  for a broad role no capability of the app assigns, is refused too.",
    "- `groups` is refused unless a capability can be confined to them.",
    "- Scopes without any admin role are refused: since Okta stopped assigning Super Administrator to",
    "  new service apps, an app without a role gets 403 from every Okta API.",
    "",
    ...customCapabilitiesSection(),
    "",
  ].join("\n");
}
