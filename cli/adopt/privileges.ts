// The least-privilege audit of one adopted app: what it holds in Okta, which capabilities that
// amounts to (the table read backwards), what the stack would add, and what the app holds beyond
// what the stack declares, each with the vendor's own requirement and what `pulumi up` does to it.

import type { CapabilityName, CapabilityRef } from "../../components/capabilities";
import type { Desired, DesiredApp } from "./desired";
import { explainedBy, inferCapabilities, type Held, type InferredCapability } from "./inference";
import { sameSet } from "./match";
import type { OrgApp, OrgSnapshot } from "./org";
import { describeNeeds, vendorNeedsOfRole, vendorNeedsOfScope } from "./vendors";

export interface BeyondItem {
  readonly kind: "scope" | "role";
  /** The scope, the standard role type, or `CUSTOM <label>`. */
  readonly privilege: string;
  /** The vendor guide that asks for it, or that none does. */
  readonly vendor: string;
  /** A capability the app holds in full that includes it, when there is one. */
  readonly capability?: CapabilityName;
  /** What the first `pulumi up` does with it. */
  readonly fate: string;
}

export interface KeepSuggestion {
  readonly capability: CapabilityName;
  /** Where to add it, or why it cannot be kept. */
  readonly how: string;
}

export interface AppAudit {
  readonly name: string;
  readonly app: { readonly id: string; readonly label: string; readonly status: string };
  readonly declared: {
    readonly capabilities: readonly CapabilityRef[];
    readonly scopes: readonly string[];
    readonly roles: readonly string[];
  };
  readonly held: { readonly scopes: readonly string[]; readonly roles: readonly string[] };
  /** Capabilities the app holds in full. */
  readonly inferred: readonly InferredCapability[];
  /** Declared capabilities it already holds in full. */
  readonly matches: readonly CapabilityName[];
  /** What the first `pulumi up` grants or assigns. */
  readonly adds: { readonly scopes: readonly string[]; readonly roles: readonly string[] };
  readonly beyond: readonly BeyondItem[];
  readonly keep: readonly KeepSuggestion[];
}

/** Role display and comparison key: the standard type, or CUSTOM with permissions and members. */
interface RoleView {
  readonly display: string;
  readonly type: string;
  readonly permissions?: readonly string[];
  readonly members?: readonly string[];
}
const sameRole = (a: RoleView, b: RoleView) =>
  a.type === b.type &&
  (a.type !== "CUSTOM" ||
    (sameSet(a.permissions ?? [], b.permissions ?? []) &&
      sameSet(a.members ?? [], b.members ?? [])));

const MOVEWORKS_KEEPABLE = ["read-only", "software-provisioning", "password-mfa-help"];

function keepPath(app: DesiredApp, capability: CapabilityName): string {
  if (app.preset === undefined) {
    const broad = capability === "super-admin" || capability === "org-admin";
    return (
      `add ${capability} to oktaplane:serviceApps.${app.name}.capabilities` +
      (broad ? " and opt in by name with allowBroadRoles (a broad role)" : "")
    );
  }
  if (app.preset === "moveworks" && MOVEWORKS_KEEPABLE.includes(capability))
    return `add ${capability} to oktaplane:connectors.moveworks.capabilities`;
  return `cannot be kept: the ${app.preset} preset holds a fixed set`;
}

/** The audit of a matched app; `grantImported` says whether pulumi up takes over its grants. */
export function auditApp(
  app: DesiredApp,
  org: OrgApp,
  snapshot: OrgSnapshot,
  desired: Desired,
  grantImported: boolean,
): AppAudit {
  const clientId = org.clientId ?? org.id;
  const heldScopes = (snapshot.grants[org.id] ?? [])
    .filter((g) => g.status === "ACTIVE" || g.status === "")
    .map((g) => g.scopeId)
    .sort();
  const assignments = (snapshot.clientRoles[clientId] ?? []).filter(
    (a) => a.status === "ACTIVE" || a.status === "",
  );
  const heldRoles: (RoleView & { id: string })[] = assignments.map((a) => {
    if (a.type !== "CUSTOM") return { id: a.id, display: a.type, type: a.type };
    const role = snapshot.customRoles.find((r) => r.id === a.role);
    const set = snapshot.resourceSets.find((s) => s.id === a.resourceSet);
    return {
      id: a.id,
      display: `CUSTOM ${role?.label ?? a.role ?? "?"} on ${set?.label ?? a.resourceSet ?? "?"}`,
      type: "CUSTOM",
      permissions: role?.permissions ?? [],
      members: set?.resources ?? [],
    };
  });
  const held: Held = {
    scopes: heldScopes,
    standardRoles: heldRoles.filter((r) => r.type !== "CUSTOM").map((r) => r.type),
    customRoles: heldRoles
      .filter((r) => r.type === "CUSTOM")
      .map((r) => ({
        assignmentId: r.id,
        label: r.display,
        permissions: r.permissions ?? [],
        members: r.members ?? [],
      })),
  };

  const declaredScopes = desired.grants.find((g) => g.app === app.name)?.scopes ?? [];
  const declaredRoles: RoleView[] = desired.roles
    .filter((r) => r.app === app.name)
    .map((r) => {
      if (r.type !== "CUSTOM") return { display: r.type, type: r.type };
      const role = desired.customRoles.find((c) => c.name === r.customRole);
      const set = desired.resourceSets.find((s) => s.name === r.resourceSet);
      return {
        display: `CUSTOM ${role?.label ?? r.customRole} on ${set?.label ?? r.resourceSet}`,
        type: "CUSTOM",
        permissions: role?.permissions ?? [],
        members: set?.resources ?? [],
      };
    });

  const inferred = inferCapabilities(held);
  const declaredSet = new Set<string>(app.capabilities);
  const extraCaps = inferred.filter((c) => !declaredSet.has(c.capability));
  const byExtra = extraCaps.map((c) => ({ c, e: explainedBy(held, [c]) }));
  const capabilityOf = (kind: "scope" | "role", value: string) =>
    byExtra.find(({ e }) =>
      kind === "scope"
        ? e.scopes.includes(value)
        : e.standardRoles.includes(value) || e.customRoles.includes(value),
    )?.c.capability;

  const beyond: BeyondItem[] = [];
  for (const s of heldScopes.filter((x) => !declaredScopes.includes(x))) {
    const capability = capabilityOf("scope", s);
    beyond.push({
      kind: "scope",
      privilege: s,
      vendor: describeNeeds(vendorNeedsOfScope(app.preset, s)),
      ...(capability === undefined ? {} : { capability }),
      fate: grantImported
        ? "pulumi up revokes it (the imported grant set becomes the declared one)"
        : "left as it is (the grant set is not imported)",
    });
  }
  for (const r of heldRoles.filter((h) => !declaredRoles.some((d) => sameRole(h, d)))) {
    const capability = capabilityOf("role", r.type === "CUSTOM" ? r.id : r.type);
    beyond.push({
      kind: "role",
      privilege: r.display,
      vendor:
        r.type === "CUSTOM"
          ? "no vendor guide asks for a custom role"
          : describeNeeds(vendorNeedsOfRole(app.preset, r.type)),
      ...(capability === undefined ? {} : { capability }),
      fate:
        "left in place and not managed by this stack: remove it in the Admin Console " +
        `(Applications › ${org.label} › Admin roles) unless the vendor needs it`,
    });
  }
  const keep = [...new Set(beyond.flatMap((b) => (b.capability ? [b.capability] : [])))].map(
    (capability) => ({ capability, how: keepPath(app, capability) }),
  );

  return {
    name: app.name,
    app: { id: org.id, label: org.label, status: org.status },
    declared: {
      capabilities: app.capabilities,
      scopes: declaredScopes,
      roles: declaredRoles.map((r) => r.display),
    },
    held: { scopes: heldScopes, roles: heldRoles.map((r) => r.display) },
    inferred,
    // Only built-in capabilities are inferred, so only they can match.
    matches: app.capabilities.filter((c): c is CapabilityName =>
      inferred.some((i) => i.capability === c),
    ),
    adds: {
      scopes: declaredScopes.filter((s) => !heldScopes.includes(s)),
      roles: declaredRoles
        .filter((d) => !heldRoles.some((h) => sameRole(h, d)))
        .map((r) => r.display),
    },
    beyond,
    keep,
  };
}
