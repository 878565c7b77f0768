// The capability table read backwards: each capability is recognised from exactly its own scopes
// and roles, the seeds' hand-made privileges come out as the capabilities the vendors describe,
// and what no capability explains is left over.

import { describe, expect, it } from "vitest";
import { explainedBy, inferCapabilities, type Held } from "../../cli/adopt/inference";
import {
  CAPABILITIES,
  CAPABILITY_NAMES,
  type CapabilityName,
  type RoleSpec,
} from "../../components/capabilities";

const G1 = "00g1a2b3c4d5e6f7g8h9";

/** Exactly what one capability grants, as an app would hold it. */
function heldBy(name: CapabilityName, confined = false): Held {
  const cap: {
    scopes: readonly string[];
    roles: readonly RoleSpec[];
    rolesForGroups?: readonly RoleSpec[];
  } = CAPABILITIES[name];
  const roles = confined && cap.rolesForGroups ? cap.rolesForGroups : cap.roles;
  return {
    scopes: [...cap.scopes],
    standardRoles: roles.flatMap((r) => (r.kind === "standard" ? [r.type] : [])),
    customRoles: roles.flatMap((r, i) =>
      r.kind === "custom"
        ? [
            {
              assignmentId: `irb${i}`,
              label: r.role.key,
              permissions: [...r.role.permissions],
              members: r.role.resources === "users" ? ["/api/v1/users"] : [`/api/v1/groups/${G1}`],
            },
          ]
        : [],
    ),
  };
}

describe("inferCapabilities", () => {
  it.each(CAPABILITY_NAMES)("recognises %s from exactly its own scopes and roles", (name) => {
    const found = inferCapabilities(heldBy(name)).map((c) => c.capability);
    expect(found).toContain(name);
    // Nothing it holds is left unexplained by what was found.
    const explained = explainedBy(heldBy(name), inferCapabilities(heldBy(name)));
    expect(explained.scopes).toEqual([...CAPABILITIES[name].scopes].sort());
  });

  it("recognises software-provisioning confined to groups from its custom roles' resource sets", () => {
    expect(inferCapabilities(heldBy("software-provisioning", true))).toContainEqual({
      capability: "software-provisioning",
      groups: [G1],
    });
  });

  it("reads the Moveworks seed's five roles and ten scopes as its three capabilities", () => {
    const held: Held = {
      scopes: [...CAPABILITIES["moveworks-scopes"].scopes],
      standardRoles: [
        "READ_ONLY_ADMIN",
        "USER_ADMIN",
        "APP_ADMIN",
        "HELP_DESK_ADMIN",
        "REPORT_ADMIN",
      ],
      customRoles: [],
    };
    expect(inferCapabilities(held).map((c) => c.capability)).toEqual([
      "read-only",
      "software-provisioning",
      "password-mfa-help",
      "moveworks-scopes",
    ]);
  });

  it("does not count a capability whose role is missing, or a custom role with other permissions", () => {
    const held: Held = {
      scopes: ["okta.users.read", "okta.groups.read", "okta.apps.read"],
      standardRoles: [],
      customRoles: [
        {
          assignmentId: "irb1",
          label: "wide",
          permissions: ["okta.users.read", "okta.groups.read"],
          members: ["/api/v1/users"],
        },
      ],
    };
    expect(inferCapabilities(held).map((c) => c.capability)).toEqual([]);
    expect(explainedBy(held, inferCapabilities(held))).toEqual({
      scopes: [],
      standardRoles: [],
      customRoles: [],
    });
  });

  it("leaves scopes and roles that no held capability explains out of the explanation", () => {
    const held: Held = {
      scopes: ["okta.users.read", "okta.groups.read", "okta.apps.read", "okta.roles.manage"],
      standardRoles: ["READ_ONLY_ADMIN", "SUPER_ADMIN"],
      customRoles: [],
    };
    const caps = inferCapabilities(held);
    expect(caps.map((c) => c.capability)).toEqual(["read-only", "super-admin"]);
    expect(explainedBy(held, [{ capability: "read-only" }])).toEqual({
      scopes: ["okta.apps.read", "okta.groups.read", "okta.users.read"],
      standardRoles: ["READ_ONLY_ADMIN"],
      customRoles: [],
    });
  });
});
