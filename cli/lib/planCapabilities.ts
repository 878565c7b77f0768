// The stack's own capabilities (oktaplane:capabilities) as the plan shows them: each one's exact
// scopes, standard roles and custom role, and the service apps that use it, in text and Markdown.

import { resourcesText } from "../../components/capabilitiesDoc";
import {
  customCapability,
  customRoleKey,
  type ResourceKind,
} from "../../components/customCapabilities";
import type { StackConfig } from "../../config/schema";

export interface PlannedCapability {
  readonly name: string;
  readonly description: string;
  /** Okta API scopes, sorted. */
  readonly scopes: string[];
  /** Standard admin roles, as defined. */
  readonly roles: string[];
  /** The custom admin role, if it defines one: its key names the okta.AdminRoleCustom. */
  readonly customRole: {
    readonly key: string;
    readonly permissions: string[];
    /** What the role may act on: every user (`users`, no ids), or the listed groups or apps. */
    readonly resources: { readonly kind: ResourceKind; readonly ids: string[] };
  } | null;
  /** Keys of the service apps that list it, sorted; empty: defined but unused. */
  readonly usedBy: string[];
}

/** Every custom capability of a valid config, by name. */
export function capabilityPlan(config: StackConfig): PlannedCapability[] {
  return Object.entries(config.capabilities)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, def]) => {
      const capability = customCapability(name, def);
      return {
        name,
        description: capability.description,
        scopes: [...capability.scopes].sort(),
        roles: capability.roles.flatMap((r) => (r.kind === "standard" ? [r.type] : [])),
        customRole:
          def.customRole === undefined
            ? null
            : {
                key: customRoleKey(name),
                permissions: [...def.customRole.permissions].sort(),
                resources: {
                  kind: def.customRole.resources.kind,
                  ids: [...(def.customRole.resources.ids ?? [])].sort(),
                },
              },
        usedBy: Object.entries(config.serviceApps)
          .filter(([, app]) => app.capabilities.includes(name))
          .map(([key]) => key)
          .sort(),
      };
    });
}

type PlannedRole = NonNullable<PlannedCapability["customRole"]>;
const onWhat = ({ resources: { kind, ids } }: PlannedRole) =>
  resourcesText(kind === "users" ? "users" : { kind, ids });

const or = (list: readonly string[]) => (list.length === 0 ? "none" : list.join(", "));
const usedBy = (c: PlannedCapability) =>
  c.usedBy.length === 0 ? "unused: no service app lists it" : `used by ${c.usedBy.join(", ")}`;

/** The text section (nothing when the stack defines none). */
export function capabilityText(capabilities: readonly PlannedCapability[] = []): string[] {
  if (capabilities.length === 0) return [];
  return [
    `Custom capabilities (${capabilities.length}, oktaplane:capabilities)`,
    ...capabilities.flatMap((c) => [
      `  ${c.name} · ${c.description} · ${usedBy(c)}`,
      `    scopes       ${or(c.scopes)}`,
      `    roles        ${or(c.roles)}`,
      ...(c.customRole === null
        ? []
        : [
            `    custom role  ${c.customRole.key}: ${c.customRole.permissions.join(", ")} on ${onWhat(c.customRole)}`,
          ]),
    ]),
    "",
  ];
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const codes = (list: readonly string[]) =>
  list.length === 0 ? "none" : list.map((s) => `\`${s}\``).join(", ");

/** The Markdown table (nothing when the stack defines none). */
export function capabilityMarkdown(capabilities: readonly PlannedCapability[] = []): string[] {
  if (capabilities.length === 0) return [];
  return [
    `**Custom capabilities (${capabilities.length}):**`,
    "",
    "| Capability | What it is for | Scopes | Roles | Custom role | Used by |",
    "| --- | --- | --- | --- | --- | --- |",
    ...capabilities.map(
      (c) =>
        `| \`${c.name}\` | ${cell(c.description)} | ${codes(c.scopes)} | ${codes(c.roles)} | ` +
        (c.customRole === null
          ? "none"
          : `\`${c.customRole.key}\`: ${codes(c.customRole.permissions)} on ${cell(onWhat(c.customRole))}`) +
        ` | ${c.usedBy.length === 0 ? "unused" : codes(c.usedBy)} |`,
    ),
    "",
  ];
}
