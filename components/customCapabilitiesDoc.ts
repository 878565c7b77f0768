// The "Custom capabilities" part of docs/CAPABILITIES.md: how a stack defines its own, what is
// refused, and the full lists of scopes and permissions it may name (from spec/okta-iam.json).

import { BROAD_ROLES, CAPABILITY_NAMES, STANDARD_ROLES } from "./capabilities";
import { RESOURCE_KINDS, customRoleKey, familyOf } from "./customCapabilities";
import { OKTA_IAM_SPEC_VERSION, OKTA_PERMISSIONS, OKTA_SCOPES } from "../spec/oktaIam";

const code = (s: string) => `\`${s}\``;

/** Names grouped by family (`okta.users.*`), one family per line, so long lists stay readable. */
function byFamily(names: readonly string[]): string[] {
  const families = new Map<string, string[]>();
  for (const n of names) {
    const family = familyOf(n);
    families.set(family, [...(families.get(family) ?? []), n]);
  }
  return [...families.entries()].map(
    ([f, list]) => `- ${code(`${f}.*`)}: ${list.map(code).join(", ")}`,
  );
}

export function customCapabilitiesSection(): string[] {
  return [
    "## Custom capabilities (per stack)",
    "",
    "A stack may define capabilities of its own under `oktaplane:capabilities`, for a need none of",
    "the built-in ones covers (a SIEM exporter that only reads the System Log). Its service apps list",
    "them like built-in ones; `npm run plan` shows each with its scopes, roles, custom role and the",
    "apps that use it, and the policy pack allows an app exactly the scopes of its capabilities,",
    "custom ones included. TypeScript programs pass the same definitions as",
    "`ServiceAppArgs.customCapabilities`.",
    "",
    "```yaml",
    "oktaplane:capabilities:",
    "  siem-export:",
    "    description: Read the System Log for the SIEM",
    "    scopes: [okta.logs.read]",
    "    roles: [REPORT_ADMIN]",
    "  eu-helpdesk:",
    "    description: Reset passwords of the EU groups' members",
    "    scopes: [okta.users.read, okta.users.manage]",
    "    customRole:",
    "      permissions: [okta.users.read, okta.users.credentials.resetPassword]",
    "      resources: { kind: group-members, ids: [00g1a2b3c4d5e6f7g8h9] }",
    "oktaplane:serviceApps:",
    "  siem:",
    "    capabilities: [siem-export]",
    "```",
    "",
    `- \`description\` (required, 1-200 characters) is shown in the plan and becomes the custom`,
    "  role's description in Okta.",
    "- `scopes`: Okta API scopes from the list below. `roles`: standard roles",
    `  (${STANDARD_ROLES.map(code).join(", ")}).`,
    `- \`customRole\`: \`permissions\` from the list below, over \`resources\` of one kind:`,
    `  ${RESOURCE_KINDS.map(code).join(", ")}. \`users\` is every user of the org and takes no`,
    "  `ids`; the others list group ids (`00g…`) or app ids (`0oa…`), 1 to 1000. Ids are",
    "  environment-specific: `npm run promote` never copies them. The role is created once per stack",
    `  as ${code(customRoleKey("<name>"))}; its resource set is shared with any other role over`,
    "  the same resources.",
    "",
    "Refused, each with the key, the value and what is allowed (and a near miss when there is one):",
    "",
    `- a name of a built-in capability (${CAPABILITY_NAMES.map(code).join(", ")}): a stack never`,
    "  changes what a built-in capability means;",
    "- a scope or permission that is not in Okta's published lists below, a role that is not a",
    "  standard role, a duplicate, a malformed id, `ids` with kind `users`;",
    "- a permission that matches no resource of the set's kind: Okta ignores it (`okta.users.*`",
    "  needs `users` or `group-members`, `okta.groups.*` needs `groups`, `okta.apps.*` needs `apps`);",
    "- a capability that grants nothing (no scopes, roles or custom role);",
    `- as for built-in capabilities: broad roles (${[...BROAD_ROLES].sort().map(code).join(", ")}) unless the app`,
    "  opts in by name (`allowBroadRoles`), an app's `groups` (custom capabilities cannot be",
    "  confined to them: list the groups in `resources`), scopes without any admin role.",
    "",
    `### Okta API scopes (${OKTA_SCOPES.length})`,
    "",
    `Generated into \`spec/okta-iam.json\` from Okta's Management and OAuth API specs ${OKTA_IAM_SPEC_VERSION}`,
    "(every operation's scopes, and the OAuth API's `okta.*` scopes), plus `okta.factors.read` and",
    "`okta.factors.manage`, which Okta's scopes guide still documents.",
    "",
    ...byFamily(OKTA_SCOPES),
    "",
    `### Custom-role permissions (${OKTA_PERMISSIONS.length})`,
    "",
    "The provider's documented values for `okta.AdminRoleCustom` permissions and those Okta's spec",
    "names, without the `okta.governance.*` ones (Okta assigns them only through standard roles).",
    "",
    ...byFamily(OKTA_PERMISSIONS),
  ];
}
