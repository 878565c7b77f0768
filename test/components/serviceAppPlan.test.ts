// Pins least privilege: each capability's exact scopes and roles, and the planner's refusals.

import { describe, expect, it } from "vitest";
import { CAPABILITIES, CAPABILITY_NAMES, type CapabilityName } from "../../components/capabilities";
import {
  ServiceAppPlanError,
  planServiceApp,
  resourceSetFor,
  validateServiceApp,
  type ServiceAppPlan,
  type ServiceAppSpec,
} from "../../components/serviceAppPlan";

const G1 = "00g1a2b3c4d5e6f7g8h9";
const G2 = "00g9h8g7f6e5d4c3b2a1";

/** One line per role: `TYPE` or `CUSTOM key(permissions)@resources`. */
function roleLines(roles: ServiceAppPlan["roles"]): string[] {
  return roles.map((r) =>
    r.kind === "standard"
      ? r.type
      : `CUSTOM ${r.role.key}(${r.role.permissions.join(" ")})@${r.resourceSet.resources.kind}`,
  );
}
const table = (name: CapabilityName) => {
  const c: { scopes: readonly string[]; roles: readonly unknown[]; rolesForGroups?: unknown } =
    CAPABILITIES[name];
  return c;
};

describe("each capability's exact scopes and roles", () => {
  // prettier-ignore
  const pinned: [CapabilityName, string[], string[], string[] | undefined][] = [
    ["read-only", ["okta.users.read", "okta.groups.read", "okta.apps.read"], ["READ_ONLY_ADMIN"], undefined],
    ["software-provisioning", ["okta.users.read", "okta.groups.read", "okta.groups.manage", "okta.apps.read", "okta.apps.manage"], ["USER_ADMIN", "APP_ADMIN"], ["CUSTOM group-provisioning(okta.groups.read okta.groups.members.manage)@groups", "CUSTOM user-reader(okta.users.read)@users", "APP_ADMIN"]],
    ["password-mfa-help", ["okta.users.read", "okta.users.manage", "okta.factors.read", "okta.factors.manage", "okta.logs.read"], ["HELP_DESK_ADMIN", "REPORT_ADMIN"], undefined],
    ["read-users", ["okta.users.read"], ["CUSTOM user-reader(okta.users.read)@users"], undefined],
    ["servicenow-spoke", ["okta.users.manage", "okta.apps.manage", "okta.logs.read", "okta.groups.read", "okta.groups.manage", "okta.users.read", "okta.apps.read", "okta.eventHooks.read", "okta.eventHooks.manage"], [], undefined],
    ["moveworks-scopes", ["okta.apps.read", "okta.apps.manage", "okta.factors.read", "okta.factors.manage", "okta.groups.read", "okta.groups.manage", "okta.users.read", "okta.users.manage", "okta.orgs.read", "okta.logs.read"], [], undefined],
    ["super-admin", [], ["SUPER_ADMIN"], undefined],
    ["org-admin", [], ["ORG_ADMIN"], undefined],
  ];

  const describeRoles = (roles: readonly unknown[]) =>
    roles.map((r) => {
      const role = r as {
        kind: string;
        type?: string;
        role?: { key: string; permissions: string[]; resources: string };
      };
      return role.kind === "standard"
        ? role.type!
        : `CUSTOM ${role.role!.key}(${role.role!.permissions.join(" ")})@${role.role!.resources}`;
    });

  it.each(pinned)("%s", (name, scopes, roles, rolesForGroups) => {
    expect([table(name).scopes, describeRoles(table(name).roles)]).toEqual([scopes, roles]);
    const forGroups = table(name).rolesForGroups as unknown[] | undefined;
    expect(forGroups && describeRoles(forGroups)).toEqual(rolesForGroups);
  });

  it("pins every capability in the table, and only those", () => {
    expect(pinned.map(([n]) => n).sort()).toEqual([...CAPABILITY_NAMES].sort());
  });
});

describe("planServiceApp", () => {
  it("unions, de-duplicates and sorts scopes and roles", () => {
    const plan = planServiceApp("mw", {
      capabilities: ["password-mfa-help", "read-only", "moveworks-scopes"],
    });
    expect(plan.scopes).toEqual([
      "okta.apps.manage",
      "okta.apps.read",
      "okta.factors.manage",
      "okta.factors.read",
      "okta.groups.manage",
      "okta.groups.read",
      "okta.logs.read",
      "okta.orgs.read",
      "okta.users.manage",
      "okta.users.read",
    ]);
    expect(plan.roles.map((r) => r.key)).toEqual([
      "help-desk-admin",
      "read-only-admin",
      "report-admin",
    ]);
    expect(roleLines(plan.roles)).toEqual(["HELP_DESK_ADMIN", "READ_ONLY_ADMIN", "REPORT_ADMIN"]);
  });

  it("confines group-scopable capabilities to the groups, with one custom role per key", () => {
    const plan = planServiceApp("mw", {
      capabilities: ["software-provisioning", "read-users"],
      groups: [G1, G2],
    });
    expect(roleLines(plan.roles)).toEqual([
      "APP_ADMIN",
      "CUSTOM group-provisioning(okta.groups.read okta.groups.members.manage)@groups",
      "CUSTOM user-reader(okta.users.read)@users",
    ]);
    const groupRole = plan.roles.find((r) => r.key === "custom-group-provisioning");
    expect(groupRole?.kind === "custom" && groupRole.resourceSet.resources).toEqual({
      kind: "groups",
      groupIds: [G2, G1].sort(),
    });
  });

  it("keys a resource set by its contents, not by the order groups are listed in", () => {
    expect(resourceSetFor("groups", [G1, G2]).key).toBe(resourceSetFor("groups", [G2, G1]).key);
    expect(resourceSetFor("groups", [G1]).key).not.toBe(resourceSetFor("groups", [G2]).key);
    expect(resourceSetFor("users", [G1]).key).toBe("all-users");
  });

  it("defaults to one RS256 key named primary, active", () => {
    const plan = planServiceApp("a1", { capabilities: ["read-only"] });
    expect([plan.keys, plan.activeKey]).toEqual([
      [{ name: "primary", algorithm: "RS256" }],
      "primary",
    ]);
  });

  it("sorts keys by name whatever order the config lists them in", () => {
    const spec = (keys: Record<string, object>): ServiceAppSpec => ({
      capabilities: ["read-only"],
      keys,
      activeKey: "b-new",
    });
    const a = planServiceApp("a1", spec({ "b-new": { algorithm: "ES256" }, "a-old": {} }));
    const b = planServiceApp("a1", spec({ "a-old": {}, "b-new": { algorithm: "ES256" } }));
    expect(a).toEqual(b);
    expect(a.keys.map((k) => `${k.name}:${k.algorithm}`)).toEqual(["a-old:RS256", "b-new:ES256"]);
  });
});

describe("refusals name the argument, the value and what is allowed", () => {
  const problems = (spec: ServiceAppSpec) =>
    validateServiceApp(spec).map(
      (p) =>
        `${p.path.join(".")}: ${p.message}${p.value === undefined ? "" : ` (${JSON.stringify(p.value)})`}`,
    );

  it.each<[string, ServiceAppSpec, string[]]>([
    [
      "a broad role without opt-in",
      { capabilities: ["read-only", "super-admin"] },
      [
        'capabilities.1: assigns SUPER_ADMIN, a broad role: opt in by name with allowBroadRoles: [SUPER_ADMIN] (broad roles: ORG_ADMIN, SUPER_ADMIN) ("super-admin")',
      ],
    ],
    [
      "an opt-in for the other broad role only",
      { capabilities: ["org-admin"], allowBroadRoles: ["SUPER_ADMIN"] },
      [
        'capabilities.0: assigns ORG_ADMIN, a broad role: opt in by name with allowBroadRoles: [ORG_ADMIN] (broad roles: ORG_ADMIN, SUPER_ADMIN) ("org-admin")',
        'allowBroadRoles.0: no capability of this app assigns it: remove the stale opt-in ("SUPER_ADMIN")',
      ],
    ],
    [
      "an opt-in for a role that is not broad",
      { capabilities: ["read-only"], allowBroadRoles: ["READ_ONLY_ADMIN"] },
      [
        'allowBroadRoles.0: is not a broad role and needs no opt-in; allowed values: ORG_ADMIN, SUPER_ADMIN ("READ_ONLY_ADMIN")',
      ],
    ],
    [
      "groups with nothing to confine",
      { capabilities: ["read-only"], groups: [G1] },
      [
        "groups: none of the capabilities can be confined to groups; capabilities that can: software-provisioning",
      ],
    ],
    [
      "scopes with no admin role",
      { capabilities: ["servicenow-spoke"] },
      [
        'capabilities: grant scopes but no admin role: a service app without a role gets 403 from every Okta API; add a capability that assigns one (["servicenow-spoke"])',
      ],
    ],
    [
      "several keys and no active one",
      { capabilities: ["read-only"], keys: { k1: {}, k2: {} } },
      ["activeKey: required when an app holds several keys; one of: k1, k2"],
    ],
    [
      "an active key that does not exist",
      { capabilities: ["read-only"], keys: { k1: {} }, activeKey: "k9" },
      ['activeKey: names no key of this app; allowed: k1 ("k9")'],
    ],
    [
      "two keys with one kid",
      {
        capabilities: ["read-only"],
        keys: { k1: { kid: "same" }, k2: { kid: "same" } },
        activeKey: "k1",
      },
      ['keys.k2.kid: duplicate kid: also used by key k1 ("same")'],
    ],
    [
      "an unknown capability",
      { capabilities: ["read-only", "everything"] },
      [
        `capabilities.1: unknown capability; expected one of ${CAPABILITY_NAMES.map((n) => `"${n}"`).join("|")} ("everything")`,
      ],
    ],
    [
      "a near miss of a capability",
      { capabilities: ["read-onyl"] },
      [
        `capabilities.0: unknown capability (did you mean "read-only"?); expected one of ${CAPABILITY_NAMES.map((n) => `"${n}"`).join("|")} ("read-onyl")`,
      ],
    ],
  ])("%s", (_, spec, expected) => {
    expect(problems(spec)).toEqual(expected);
  });

  it("accepts broad roles opted into by name", () => {
    const plan = planServiceApp("break-glass", {
      capabilities: ["super-admin"],
      allowBroadRoles: ["SUPER_ADMIN"],
    });
    expect(roleLines(plan.roles)).toEqual(["SUPER_ADMIN"]);
    expect(plan.scopes).toEqual([]);
  });

  it("throws one error with a stable code listing every problem", () => {
    const error = (() => {
      try {
        planServiceApp("mw", { capabilities: ["super-admin"], allowBroadRoles: ["USER_ADMIN"] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ServiceAppPlanError);
    expect((error as ServiceAppPlanError).code).toBe("SERVICE_APP_INVALID");
    expect((error as ServiceAppPlanError).message).toBe(
      "service app mw: 2 problem(s):\n" +
        '  - capabilities[0]: assigns SUPER_ADMIN, a broad role: opt in by name with allowBroadRoles: [SUPER_ADMIN] (broad roles: ORG_ADMIN, SUPER_ADMIN) (got "super-admin")\n' +
        '  - allowBroadRoles[0]: is not a broad role and needs no opt-in; allowed values: ORG_ADMIN, SUPER_ADMIN (got "USER_ADMIN")',
    );
  });
});
