// ServiceApp under the mock runtime with custom capabilities: an app gets exactly the grants and
// roles its custom capabilities define, the custom role and its resource set are defined once
// with exact inputs, and a bad definition registers nothing.
// What this does not prove: that Okta accepts these permissions over these resources.

import * as okta from "@pulumi/okta";
import { beforeAll, describe, expect, it } from "vitest";
import { AdminRoles } from "../../components/adminRoles";
import type { CustomCapabilities } from "../../components/customCapabilities";
import { ServiceApp, type ServiceAppArgs } from "../../components/serviceApp";
import { ServiceAppPlanError, resourceSetOf } from "../../components/serviceAppPlan";
import { byKey, fakeId, installMocks, record, type Registered } from "./mockRuntime";

const ORG = "https://dev-123456.okta.com";
const G1 = "00g1a2b3c4d5e6f7g8h9";
const G2 = "00g9h8g7f6e5d4c3b2a1";
const A1 = "0oa1a2b3c4d5e6f7g8h9";
const T = {
  scope: "okta:index/appOauthApiScope:AppOauthApiScope",
  role: "okta:app/oauthRoleAssignment:OauthRoleAssignment",
  custom: "okta:index/adminRoleCustom:AdminRoleCustom",
  set: "okta:index/resourceSet:ResourceSet",
};
const appId = (name: string) => fakeId("0oa", `app:${name}`);
const idOf = (type: string, name: string) => fakeId("id-", `${type}:${name}`);

const CUSTOM: CustomCapabilities = {
  "siem-export": {
    description: "Read the System Log for the SIEM",
    scopes: ["okta.logs.read"],
    roles: ["REPORT_ADMIN"],
  },
  "eu-helpdesk": {
    description: "Reset passwords of the EU groups' members",
    scopes: ["okta.users.read", "okta.users.manage"],
    customRole: {
      permissions: ["okta.users.read", "okta.users.credentials.resetPassword"],
      resources: { kind: "group-members", ids: [G2, G1] },
    },
  },
  "app-reader": {
    description: "Read two integrations",
    scopes: ["okta.apps.read"],
    customRole: { permissions: ["okta.apps.read"], resources: { kind: "apps", ids: [A1] } },
  },
};

beforeAll(() => installMocks());

async function build(apps: [string, Partial<ServiceAppArgs>][]) {
  return record(() => {
    const provider = new okta.Provider("okta", { orgName: "dev-123456", baseUrl: "okta.com" });
    const providers = { okta: provider };
    const adminRoles = new AdminRoles("admin-roles", { orgUrl: ORG }, { providers });
    for (const [name, args] of apps)
      new ServiceApp(
        name,
        { orgUrl: ORG, capabilities: [], adminRoles, customCapabilities: CUSTOM, ...args },
        { providers },
      );
  });
}

/** Grants and role assignments by logical name, with their inputs. */
const grantsAndRoles = (rs: readonly Registered[]) =>
  Object.fromEntries(
    rs.filter((r) => r.type === T.scope || r.type === T.role).map((r) => [r.name, r.inputs]),
  );

describe("an app using a custom capability", () => {
  it("gets exactly its scopes and its standard role, nothing else", async () => {
    const { resources } = await build([["siem", { capabilities: ["siem-export"] }]]);
    expect(grantsAndRoles(resources)).toEqual({
      "siem-scopes": { appId: appId("siem"), issuer: ORG, scopes: ["okta.logs.read"] },
      "siem-role-report-admin": { clientId: appId("siem"), type: "REPORT_ADMIN" },
    });
    // A standard role needs no custom role or resource set.
    expect(resources.filter((r) => r.type === T.custom || r.type === T.set)).toEqual([]);
  });

  it("gets exactly its custom role, bound to the resource set of the listed group members", async () => {
    const { resources } = await build([["helpdesk", { capabilities: ["eu-helpdesk"] }]]);
    const set = resourceSetOf({ kind: "group-members", ids: [G1, G2] }, []);
    expect(grantsAndRoles(resources)).toEqual({
      "helpdesk-scopes": {
        appId: appId("helpdesk"),
        issuer: ORG,
        scopes: ["okta.users.manage", "okta.users.read"],
      },
      "helpdesk-role-custom-cap-eu-helpdesk": {
        clientId: appId("helpdesk"),
        type: "CUSTOM",
        role: idOf(T.custom, "admin-roles-role-cap-eu-helpdesk"),
        resourceSet: idOf(T.set, `admin-roles-set-${set.key}`),
      },
    });
    const definitions = resources.filter((r) => r.type === T.custom || r.type === T.set);
    expect(Object.fromEntries(definitions.map((r) => [r.name, r.inputs]))).toEqual({
      "admin-roles-role-cap-eu-helpdesk": {
        label: "oktaplane cap-eu-helpdesk",
        description: "Reset passwords of the EU groups' members",
        permissions: ["okta.users.credentials.resetPassword", "okta.users.read"],
      },
      [`admin-roles-set-${set.key}`]: {
        label: `oktaplane ${set.key}`,
        description: `Users in groups ${G1}, ${G2}`,
        resources: [`${ORG}/api/v1/groups/${G1}/users`, `${ORG}/api/v1/groups/${G2}/users`],
      },
    });
  });

  it("combines with built-in capabilities: the union of scopes, every role once", async () => {
    const { resources } = await build([
      ["combo", { capabilities: ["app-reader", "siem-export", "read-only"] }],
    ]);
    const set = resourceSetOf({ kind: "apps", ids: [A1] }, []);
    expect(grantsAndRoles(resources)).toEqual({
      "combo-scopes": {
        appId: appId("combo"),
        issuer: ORG,
        scopes: ["okta.apps.read", "okta.groups.read", "okta.logs.read", "okta.users.read"],
      },
      "combo-role-custom-cap-app-reader": {
        clientId: appId("combo"),
        type: "CUSTOM",
        role: idOf(T.custom, "admin-roles-role-cap-app-reader"),
        resourceSet: idOf(T.set, `admin-roles-set-${set.key}`),
      },
      "combo-role-read-only-admin": { clientId: appId("combo"), type: "READ_ONLY_ADMIN" },
      "combo-role-report-admin": { clientId: appId("combo"), type: "REPORT_ADMIN" },
    });
    expect(
      byKey(resources).get(`${T.set}::admin-roles-set-${set.key}`)?.inputs["resources"],
    ).toEqual([`${ORG}/api/v1/apps/${A1}`]);
  });

  it("shares one custom role between the apps that use it", async () => {
    const { resources } = await build([
      ["desk-a", { capabilities: ["eu-helpdesk"] }],
      ["desk-b", { capabilities: ["eu-helpdesk"] }],
    ]);
    expect(resources.filter((r) => r.type === T.custom).map((r) => r.name)).toEqual([
      "admin-roles-role-cap-eu-helpdesk",
    ]);
    expect(
      resources
        .filter((r) => r.type === T.role)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["desk-a-role-custom-cap-eu-helpdesk", "desk-b-role-custom-cap-eu-helpdesk"]);
  });

  it("registers nothing when a definition is wrong, and names what is wrong", async () => {
    let thrown: unknown;
    const { resources } = await record(() => {
      try {
        new ServiceApp("siem", {
          orgUrl: ORG,
          capabilities: ["siem-export"],
          customCapabilities: { "siem-export": { description: "SIEM", scopes: ["okta.log.read"] } },
        });
      } catch (e) {
        thrown = e;
      }
    });
    expect(thrown).toBeInstanceOf(ServiceAppPlanError);
    expect((thrown as Error).message).toContain(
      'customCapabilities.siem-export.scopes[0]: not an Okta API scope (did you mean "okta.logs.read"?)',
    );
    expect(resources).toEqual([]);
  });
});
