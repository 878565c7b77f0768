// The condensed admin-role table the simulator authorizes with: which scopes each role lets a
// caller use (help.okta.com administrator comparison, condensed in sim/okta/adminRoles.ts).
import { describe, expect, it } from "vitest";
import { rolesAllow } from "../../../sim/okta/adminRoles";

const allows = (roles: string[], scope: string, permissions: string[] = []) =>
  rolesAllow({ roles, permissions }, scope);

describe("rolesAllow", () => {
  it.each([
    [["SUPER_ADMIN"], "okta.roles.manage", true],
    [["SUPER_ADMIN"], "okta.apiTokens.manage", true],
    [["ORG_ADMIN"], "okta.apps.manage", true],
    [["ORG_ADMIN"], "okta.roles.manage", false],
    [["ORG_ADMIN"], "okta.roles.read", true],
    [["APP_ADMIN"], "okta.apps.manage", true],
    [["APP_ADMIN"], "okta.appGrants.manage", true],
    [["APP_ADMIN"], "okta.eventHooks.read", false],
    [["READ_ONLY_ADMIN"], "okta.eventHooks.read", true],
    [["READ_ONLY_ADMIN"], "okta.apps.manage", false],
    [["USER_ADMIN"], "okta.users.manage", true],
    [[], "okta.apps.read", false],
  ])("%j may use %s: %s", (roles, scope, expected) => {
    expect(allows(roles, scope)).toBe(expected);
  });

  it("lets a custom role's permission stand for its scope, and .manage for the family's .read", () => {
    expect(allows([], "okta.eventHooks.manage", ["okta.eventHooks.manage"])).toBe(true);
    expect(allows([], "okta.eventHooks.read", ["okta.eventHooks.manage"])).toBe(true);
    expect(allows([], "okta.apps.read", ["okta.eventHooks.manage"])).toBe(false);
  });
});
