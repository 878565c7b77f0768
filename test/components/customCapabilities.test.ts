// Custom capabilities as pure logic: every refusal names the path, the value and what is allowed
// (with a near miss), a valid definition becomes an exact table entry, and the planner plans an
// app that names one exactly as it plans a built-in one.

import { describe, expect, it } from "vitest";
import { resourceSetUrls } from "../../components/adminRoles";
import { CAPABILITIES, CAPABILITY_NAMES } from "../../components/capabilities";
import {
  capabilityCatalog,
  customCapability,
  customCapabilityProblems,
  type CustomCapabilities,
  type CustomCapabilityDefinition,
} from "../../components/customCapabilities";
import {
  ServiceAppPlanError,
  planServiceApp,
  resourceSetOf,
  validateServiceApp,
} from "../../components/serviceAppPlan";

const G1 = "00g1a2b3c4d5e6f7g8h9";
const G2 = "00g9h8g7f6e5d4c3b2a1";
const A1 = "0oa1a2b3c4d5e6f7g8h9";
const ORG = "https://dev-123456.okta.com";

const SIEM: CustomCapabilityDefinition = {
  description: "Read the System Log for the SIEM",
  scopes: ["okta.logs.read"],
  roles: ["REPORT_ADMIN"],
};
const HELPDESK: CustomCapabilityDefinition = {
  description: "Reset passwords of the EU groups' members",
  scopes: ["okta.users.read", "okta.users.manage"],
  customRole: {
    permissions: ["okta.users.read", "okta.users.credentials.resetPassword"],
    resources: { kind: "group-members", ids: [G2, G1] },
  },
};
const CUSTOM: CustomCapabilities = { "siem-export": SIEM, "eu-helpdesk": HELPDESK };

/** `path: message (got value)` lines, as the config reports them. */
const lines = (defs: CustomCapabilities) =>
  customCapabilityProblems(defs).map(
    (p) =>
      `${p.path.join(".")}: ${p.message}${p.value === undefined ? "" : ` (${JSON.stringify(p.value)})`}`,
  );
const one = (def: Partial<CustomCapabilityDefinition>, name = "cap") =>
  lines({ [name]: { description: "A capability", ...def } });

describe("customCapabilityProblems", () => {
  it("accepts scopes with standard roles, and a custom role over listed resources", () => {
    expect(lines(CUSTOM)).toEqual([]);
    expect(
      one({
        customRole: { permissions: ["okta.apps.read"], resources: { kind: "apps", ids: [A1] } },
      }),
    ).toEqual([]);
    expect(
      one({ customRole: { permissions: ["okta.users.read"], resources: { kind: "users" } } }),
    ).toEqual([]);
  });

  // prettier-ignore
  const refusals: [string, Partial<CustomCapabilityDefinition>, string[]][] = [
    ["an unknown scope, with its near miss", { scopes: ["okta.log.read"], roles: ["REPORT_ADMIN"] },
      [`cap.scopes.0: not an Okta API scope (did you mean "okta.logs.read"?); allowed: one of Okta's 116 published scopes (docs/CAPABILITIES.md lists them) ("okta.log.read")`]],
    ["an unknown scope of a known family", { scopes: ["okta.logs.manage"] },
      [`cap.scopes.0: not an Okta API scope; allowed okta.logs.* scopes: okta.logs.read ("okta.logs.manage")`]],
    ["a duplicate scope", { scopes: ["okta.logs.read", "okta.logs.read"] },
      [`cap.scopes.1: duplicate scope ("okta.logs.read")`]],
    ["an unknown standard role", { roles: ["REPORT_ADMN" as "REPORT_ADMIN"] },
      [`cap.roles.0: unknown standard role (did you mean "REPORT_ADMIN"?); allowed: ${["READ_ONLY_ADMIN", "USER_ADMIN", "GROUP_MEMBERSHIP_ADMIN", "APP_ADMIN", "HELP_DESK_ADMIN", "REPORT_ADMIN", "API_ACCESS_MANAGEMENT_ADMIN", "MOBILE_ADMIN", "ORG_ADMIN", "SUPER_ADMIN"].join(", ")} ("REPORT_ADMN")`]],
    ["an unknown custom-role permission", { customRole: { permissions: ["okta.groups.manag"], resources: { kind: "groups", ids: [G1] } } },
      [`cap.customRole.permissions.0: not an Okta custom-role permission (did you mean "okta.groups.manage"?); allowed okta.groups.* permissions: okta.groups.appAssignment.manage, okta.groups.create, okta.groups.manage, okta.groups.members.manage, okta.groups.read ("okta.groups.manag")`]],
    ["a permission that matches no resource of the kind", { customRole: { permissions: ["okta.users.read"], resources: { kind: "groups", ids: [G1] } } },
      [`cap.customRole.permissions.0: grants nothing on resources of kind groups: Okta applies a permission only to matching resources in the set; okta.users.* permissions need kind users or group-members (put them in a capability of their own) ("okta.users.read")`]],
    ["a custom role without permissions", { customRole: { permissions: [], resources: { kind: "users" } } },
      ["cap.customRole.permissions: must list at least one permission"]],
    ["an unknown resource kind", { customRole: { permissions: ["okta.apps.read"], resources: { kind: "app" as "apps", ids: [A1] } } },
      [`cap.customRole.resources.kind: unknown resource kind (did you mean "apps"?); allowed: users, groups, group-members, apps ("app")`]],
    ["ids with kind users", { customRole: { permissions: ["okta.users.read"], resources: { kind: "users", ids: [G1] } } },
      ["cap.customRole.resources.ids: kind users takes no ids: it means every user of the org"]],
    ["groups without ids", { customRole: { permissions: ["okta.groups.read"], resources: { kind: "groups" } } },
      ["cap.customRole.resources.ids: must list 1 to 1000 group ids for kind groups"]],
    ["an app id that is a group id", { customRole: { permissions: ["okta.apps.read"], resources: { kind: "apps", ids: [G1] } } },
      [`cap.customRole.resources.ids.0: must be an Okta app id (0oa followed by 17 characters) ("${G1}")`]],
    ["a duplicate group", { customRole: { permissions: ["okta.groups.read"], resources: { kind: "groups", ids: [G1, G1] } } },
      [`cap.customRole.resources.ids.1: duplicate id ("${G1}")`]],
    ["a capability that grants nothing", {},
      ["cap: grants nothing: list scopes, roles or a customRole"]],
    ["an empty description", { description: "", scopes: ["okta.logs.read"] },
      ["cap.description: must be 1 to 200 characters (it becomes the custom role's description in Okta)"]],
  ];
  it.each(refusals)("refuses %s", (_, def, expected) => {
    expect(one(def)).toEqual(expected);
  });

  it("refuses a name that shadows a built-in capability, whatever it defines", () => {
    expect(lines({ "read-only": SIEM })).toEqual([
      `read-only: shadows the built-in capability read-only: choose another name (built-in: ${CAPABILITY_NAMES.join(", ")})`,
    ]);
  });

  it("refuses a name that could not name Okta resources", () => {
    expect(lines({ "SIEM export": SIEM })).toEqual([
      "SIEM export: name must be 2-40 lowercase letters, digits or hyphens, starting with a letter",
    ]);
  });
});

describe("customCapability", () => {
  it("is a table entry: the scopes, the standard roles, then the custom role (cap-<name>)", () => {
    expect(customCapability("siem-export", SIEM)).toEqual({
      description: "Read the System Log for the SIEM",
      scopes: ["okta.logs.read"],
      roles: [{ kind: "standard", type: "REPORT_ADMIN" }],
    });
    expect(customCapability("eu-helpdesk", HELPDESK)).toEqual({
      description: "Reset passwords of the EU groups' members",
      scopes: ["okta.users.read", "okta.users.manage"],
      roles: [
        {
          kind: "custom",
          role: {
            key: "cap-eu-helpdesk",
            description: "Reset passwords of the EU groups' members",
            permissions: ["okta.users.read", "okta.users.credentials.resetPassword"],
            resources: { kind: "group-members", ids: [G2, G1] },
          },
        },
      ],
    });
  });

  it("joins the built-in table, which stays as it is", () => {
    expect(capabilityCatalog()).toBe(CAPABILITIES);
    const catalog = capabilityCatalog(CUSTOM);
    expect(Object.keys(catalog)).toEqual([...CAPABILITY_NAMES, "siem-export", "eu-helpdesk"]);
    for (const name of CAPABILITY_NAMES) expect(catalog[name]).toBe(CAPABILITIES[name]);
  });
});

describe("planning an app that names custom capabilities", () => {
  it("grants exactly the custom scopes and assigns exactly the custom roles", () => {
    const plan = planServiceApp("siem", {
      capabilities: ["siem-export"],
      customCapabilities: CUSTOM,
    });
    expect(plan.scopes).toEqual(["okta.logs.read"]);
    expect(plan.roles).toEqual([{ key: "report-admin", kind: "standard", type: "REPORT_ADMIN" }]);
  });

  it("binds a custom role to the resource set of its listed resources", () => {
    const plan = planServiceApp("helpdesk", {
      capabilities: ["eu-helpdesk", "read-only"],
      customCapabilities: CUSTOM,
    });
    expect(plan.scopes).toEqual([
      "okta.apps.read",
      "okta.groups.read",
      "okta.users.manage",
      "okta.users.read",
    ]);
    expect(plan.roles.map((r) => r.key)).toEqual(["custom-cap-eu-helpdesk", "read-only-admin"]);
    const custom = plan.roles[0]!;
    expect(custom.kind === "custom" && custom.resourceSet).toEqual(
      resourceSetOf({ kind: "group-members", ids: [G1, G2] }, []),
    );
  });

  it("refuses a custom broad role unless the app opts in by name", () => {
    const defs = { "break-glass": { description: "Break glass", roles: ["ORG_ADMIN" as const] } };
    expect(validateServiceApp({ capabilities: ["break-glass"], customCapabilities: defs })).toEqual(
      [
        {
          path: ["capabilities", 0],
          message:
            "assigns ORG_ADMIN, a broad role: opt in by name with allowBroadRoles: [ORG_ADMIN] (broad roles: ORG_ADMIN, SUPER_ADMIN)",
          value: "break-glass",
        },
      ],
    );
    const plan = planServiceApp("bg", {
      capabilities: ["break-glass"],
      customCapabilities: defs,
      allowBroadRoles: ["ORG_ADMIN"],
    });
    expect(plan.roles).toEqual([{ key: "org-admin", kind: "standard", type: "ORG_ADMIN" }]);
  });

  it("suggests the custom name an app misspells, among built-in and custom names", () => {
    const [problem] = validateServiceApp({
      capabilities: ["siem-exprt"],
      customCapabilities: CUSTOM,
    });
    expect(problem!.message).toBe(
      `unknown capability (did you mean "siem-export"?); expected one of ${[...CAPABILITY_NAMES, "siem-export", "eu-helpdesk"].map((n) => `"${n}"`).join("|")}`,
    );
  });

  it("refuses app groups when only custom capabilities are listed (they list their own)", () => {
    expect(
      validateServiceApp({
        capabilities: ["siem-export"],
        groups: [G1],
        customCapabilities: CUSTOM,
      }),
    ).toEqual([
      {
        path: ["groups"],
        message:
          "none of the capabilities can be confined to groups; capabilities that can: software-provisioning",
      },
    ]);
  });

  it("reports a bad definition under customCapabilities and plans nothing", () => {
    const defs = { "siem-export": { ...SIEM, scopes: ["okta.log.reads"] } };
    expect(() =>
      planServiceApp("siem", { capabilities: ["siem-export"], customCapabilities: defs }),
    ).toThrow(ServiceAppPlanError);
    expect(validateServiceApp({ capabilities: ["siem-export"], customCapabilities: defs })).toEqual(
      [
        {
          path: ["customCapabilities", "siem-export", "scopes", 0],
          message:
            'not an Okta API scope (did you mean "okta.logs.read"?); allowed: one of Okta\'s 116 published scopes (docs/CAPABILITIES.md lists them)',
          value: "okta.log.reads",
        },
      ],
    );
  });
});

describe("resource sets of listed resources", () => {
  it("share a key for equal contents in any order, apart from other kinds", () => {
    const members = resourceSetOf({ kind: "group-members", ids: [G2, G1] }, []);
    expect(members.key).toBe(resourceSetOf({ kind: "group-members", ids: [G1, G2] }, []).key);
    expect(members.key).not.toBe(resourceSetOf({ kind: "groups", ids: [G1, G2] }, []).key);
    expect(resourceSetOf({ kind: "groups", ids: [G2, G1] }, []).key).toBe(
      resourceSetOf("groups", [G1, G2]).key,
    );
  });

  it("are org URLs: groups, their users, apps", () => {
    expect(resourceSetUrls(ORG, resourceSetOf({ kind: "groups", ids: [G1] }, []))).toEqual([
      `${ORG}/api/v1/groups/${G1}`,
    ]);
    expect(
      resourceSetUrls(ORG, resourceSetOf({ kind: "group-members", ids: [G2, G1] }, [])),
    ).toEqual([`${ORG}/api/v1/groups/${G1}/users`, `${ORG}/api/v1/groups/${G2}/users`]);
    expect(resourceSetUrls(ORG, resourceSetOf({ kind: "apps", ids: [A1] }, []))).toEqual([
      `${ORG}/api/v1/apps/${A1}`,
    ]);
  });
});
