// ServiceApp under the mock runtime: the exact inputs of every Okta resource per capability set,
// broad roles, shared custom roles, secrets, readiness, and a key rotation walk.
// What this does not prove: that Okta accepts these values (see docs/ROTATION.md for what a
// real org adds, e.g. terraform-provider-okta#2025).

import * as okta from "@pulumi/okta";
import { beforeAll, describe, expect, it } from "vitest";
import { AdminRoles } from "../../components/adminRoles";
import type { CapabilityName, StandardRole } from "../../components/capabilities";
import { ServiceApp, type ServiceAppArgs } from "../../components/serviceApp";
import { ServiceAppPlanError, resourceSetFor } from "../../components/serviceAppPlan";
import {
  byKey,
  fakeId,
  installMocks,
  record,
  setGate,
  settle,
  type Registered,
} from "./mockRuntime";
import { isSecret, valueOf } from "../helpers/outputs";

const ORG = "https://dev-123456.okta.com";
const G1 = "00g1a2b3c4d5e6f7g8h9";
const G2 = "00g9h8g7f6e5d4c3b2a1";
const T = {
  oauth: "okta:app/oAuth:OAuth",
  scope: "okta:index/appOauthApiScope:AppOauthApiScope",
  role: "okta:app/oauthRoleAssignment:OauthRoleAssignment",
  custom: "okta:index/adminRoleCustom:AdminRoleCustom",
  set: "okta:index/resourceSet:ResourceSet",
  dpop: "pulumi-nodejs:dynamic:Resource",
  tls: "tls:index/privateKey:PrivateKey",
};
const appId = (name: string) => fakeId("0oa", `app:${name}`);
const idOf = (type: string, name: string) => fakeId("id-", `${type}:${name}`);

beforeAll(() => installMocks({ keysPerAlgorithm: 2 }));

/** Builds apps (in the order given) with a provider and a shared AdminRoles, and records them. */
async function build(apps: [string, Partial<ServiceAppArgs>][]) {
  return record(() => {
    const provider = new okta.Provider("okta", { orgName: "dev-123456", baseUrl: "okta.com" });
    const providers = { okta: provider };
    const adminRoles = new AdminRoles("admin-roles", { orgUrl: ORG }, { providers });
    const built = Object.fromEntries(
      apps.map(([name, args]) => [
        name,
        new ServiceApp(
          name,
          { orgUrl: ORG, capabilities: ["read-only"], adminRoles, ...args },
          { providers },
        ),
      ]),
    );
    return { provider, built };
  });
}

const oktaResources = (rs: readonly Registered[]) => rs.filter((r) => r.type.startsWith("okta:"));
const inputsOf = (rs: readonly Registered[], type: string, name: string) =>
  byKey(rs).get(`${type}::${name}`)?.inputs;

describe("one read-only app", () => {
  it("declares exactly these resources, with these inputs, on the explicit provider", async () => {
    const { result, resources } = await build([["reporting", { label: "oktaplane reporting" }]]);
    const app = result.built["reporting"]!;
    const jwk = await valueOf(app.keys["primary"]!.publicJwk);

    expect(resources.map((r) => `${r.type}::${r.name}`).sort()).toEqual(
      [
        "pulumi:providers:okta::okta",
        "oktaplane:okta:AdminRoles::admin-roles",
        "oktaplane:okta:ServiceApp::reporting",
        "oktaplane:okta:ClientKey::reporting-key-primary",
        `${T.tls}::reporting-key-primary`,
        `${T.oauth}::reporting`,
        `${T.scope}::reporting-scopes`,
        `${T.role}::reporting-role-read-only-admin`,
        `${T.dpop}::reporting-dpop`,
      ].sort(),
    );
    expect(inputsOf(resources, T.oauth, "reporting")).toEqual({
      label: "oktaplane reporting",
      type: "service",
      grantTypes: ["client_credentials"],
      responseTypes: ["token"],
      tokenEndpointAuthMethod: "private_key_jwt",
      jwks: [{ kty: "RSA", kid: jwk.kid, e: "AQAB", n: jwk.n }],
      omitSecret: true,
      autoKeyRotation: true,
      issuerMode: "ORG_URL",
      implicitAssignment: false,
      pkceRequired: false,
      hideWeb: true,
      hideIos: true,
      skipAuthenticationPolicy: true,
    });
    expect(inputsOf(resources, T.scope, "reporting-scopes")).toEqual({
      appId: appId("reporting"),
      issuer: ORG,
      scopes: ["okta.apps.read", "okta.groups.read", "okta.users.read"],
    });
    expect(inputsOf(resources, T.role, "reporting-role-read-only-admin")).toEqual({
      clientId: appId("reporting"),
      type: "READ_ONLY_ADMIN",
    });
    const dpop = byKey(resources).get(`${T.dpop}::reporting-dpop`)!;
    expect(dpop.inputs).toEqual({
      kind: "okta-app-dpop",
      orgUrl: ORG,
      appId: appId("reporting"),
      requireDpop: true,
      appRevision: expect.stringMatching(/^[0-9a-f]{16}$/),
      throttle: { maxRetries: 10, minWaitSeconds: 30, maxWaitSeconds: 240, requestTimeout: 300 },
    });
    // Ordered after the app, whose updates it follows.
    const appUrn = await valueOf(app.app.urn);
    expect(dpop.dependencies).toContain(appUrn);

    const providerRef = `${await valueOf(result.provider.urn)}::${await valueOf(result.provider.id)}`;
    for (const r of oktaResources(resources))
      expect([r.name, r.provider]).toEqual([r.name, providerRef]);
  });

  it("protects only the Okta app when asked", async () => {
    const { resources } = await build([["prot", { protect: true }]]);
    expect(resources.filter((r) => r.protect).map((r) => `${r.type}::${r.name}`)).toEqual([
      `${T.oauth}::prot`,
    ]);
  });
});

describe("role and scope resources per capability set", () => {
  const customRoleId = (key: string) => idOf(T.custom, `admin-roles-role-${key}`);
  const setId = (key: string) => idOf(T.set, `admin-roles-set-${key}`);
  const GROUPS_SET = setId(resourceSetFor("groups", [G1, G2]).key);

  // prettier-ignore
  const cases: [string, CapabilityName[], string[] | undefined, StandardRole[] | undefined, string[], Record<string, object>][] = [
    ["read-only", ["read-only"], undefined, undefined,
      ["okta.apps.read", "okta.groups.read", "okta.users.read"],
      { "read-only-admin": { type: "READ_ONLY_ADMIN" } }],
    ["software-provisioning", ["software-provisioning"], undefined, undefined,
      ["okta.apps.manage", "okta.apps.read", "okta.groups.manage", "okta.groups.read", "okta.users.read"],
      { "app-admin": { type: "APP_ADMIN" }, "user-admin": { type: "USER_ADMIN" } }],
    ["software-provisioning in groups", ["software-provisioning"], [G2, G1], undefined,
      ["okta.apps.manage", "okta.apps.read", "okta.groups.manage", "okta.groups.read", "okta.users.read"],
      {
        "app-admin": { type: "APP_ADMIN" },
        "custom-group-provisioning": { type: "CUSTOM", role: customRoleId("group-provisioning"), resourceSet: GROUPS_SET },
        "custom-user-reader": { type: "CUSTOM", role: customRoleId("user-reader"), resourceSet: setId("all-users") },
      }],
    ["password-mfa-help", ["password-mfa-help"], undefined, undefined,
      ["okta.factors.manage", "okta.factors.read", "okta.logs.read", "okta.users.manage", "okta.users.read"],
      { "help-desk-admin": { type: "HELP_DESK_ADMIN" }, "report-admin": { type: "REPORT_ADMIN" } }],
    ["read-users", ["read-users"], undefined, undefined,
      ["okta.users.read"],
      { "custom-user-reader": { type: "CUSTOM", role: customRoleId("user-reader"), resourceSet: setId("all-users") } }],
    ["servicenow-spoke + read-only", ["servicenow-spoke", "read-only"], undefined, undefined,
      ["okta.apps.manage", "okta.apps.read", "okta.eventHooks.manage", "okta.eventHooks.read", "okta.groups.manage", "okta.groups.read", "okta.logs.read", "okta.users.manage", "okta.users.read"],
      { "read-only-admin": { type: "READ_ONLY_ADMIN" } }],
    ["moveworks-scopes + read-only", ["moveworks-scopes", "read-only"], undefined, undefined,
      ["okta.apps.manage", "okta.apps.read", "okta.factors.manage", "okta.factors.read", "okta.groups.manage", "okta.groups.read", "okta.logs.read", "okta.orgs.read", "okta.users.manage", "okta.users.read"],
      { "read-only-admin": { type: "READ_ONLY_ADMIN" } }],
    ["super-admin (opted in)", ["super-admin"], undefined, ["SUPER_ADMIN"],
      [],
      { "super-admin": { type: "SUPER_ADMIN" } }],
    ["org-admin (opted in)", ["org-admin"], undefined, ["ORG_ADMIN"],
      [],
      { "org-admin": { type: "ORG_ADMIN" } }],
  ];

  it.each(cases)("%s", async (_, capabilities, groups, allowBroadRoles, scopes, roles) => {
    const { resources } = await build([["app", { capabilities, groups, allowBroadRoles }]]);
    expect(inputsOf(resources, T.scope, "app-scopes")).toEqual(
      scopes.length === 0 ? undefined : { appId: appId("app"), issuer: ORG, scopes },
    );
    const assigned = Object.fromEntries(
      resources
        .filter((r) => r.type === T.role)
        .map((r) => [r.name.replace(/^app-role-/, ""), r.inputs]),
    );
    const expected = Object.fromEntries(
      Object.entries(roles).map(([k, v]) => [k, { clientId: appId("app"), ...v }]),
    );
    expect(assigned).toEqual(expected);
  });

  it("defines custom roles and resource sets with exact permissions and members", async () => {
    const { resources } = await build([
      ["mw", { capabilities: ["software-provisioning"], groups: [G2, G1] }],
    ]);
    const custom = resources.filter((r) => r.type === T.custom || r.type === T.set);
    expect(Object.fromEntries(custom.map((r) => [r.name, r.inputs]))).toEqual({
      "admin-roles-role-group-provisioning": {
        label: "oktaplane group-provisioning",
        description: "Read the listed groups and add or remove their members",
        permissions: ["okta.groups.members.manage", "okta.groups.read"],
      },
      "admin-roles-role-user-reader": {
        label: "oktaplane user-reader",
        description: "Read user profiles",
        permissions: ["okta.users.read"],
      },
      [custom.find((r) => r.name.startsWith("admin-roles-set-groups-"))!.name]: {
        label: expect.stringMatching(/^oktaplane groups-[0-9a-f]{12}$/),
        description: `Groups ${G1}, ${G2}`,
        resources: [`${ORG}/api/v1/groups/${G1}`, `${ORG}/api/v1/groups/${G2}`],
      },
      "admin-roles-set-all-users": {
        label: "oktaplane all-users",
        description: "All users of the org",
        resources: [`${ORG}/api/v1/users`],
      },
    });
    const groupRole = inputsOf(resources, T.role, "mw-role-custom-group-provisioning")!;
    const groupSet = custom.find((r) => r.name.startsWith("admin-roles-set-groups-"))!;
    expect(groupRole["resourceSet"]).toBe(idOf(T.set, groupSet.name));
  });

  it("shares one custom role and resource set between apps that need the same ones", async () => {
    const { resources } = await build([
      ["mw-a", { capabilities: ["software-provisioning"], groups: [G1, G2] }],
      ["mw-b", { capabilities: ["software-provisioning", "read-users"], groups: [G2, G1] }],
    ]);
    const count = (type: string) => resources.filter((r) => r.type === type).length;
    expect([count(T.custom), count(T.set), count(T.role)]).toEqual([2, 2, 6]);
  });
});

describe("broad roles", () => {
  const everyNarrowCapability: CapabilityName[] = [
    "read-only",
    "software-provisioning",
    "password-mfa-help",
    "read-users",
    "servicenow-spoke",
    "moveworks-scopes",
  ];

  it("no narrow capability assigns SUPER_ADMIN or ORG_ADMIN, with or without groups", async () => {
    for (const groups of [undefined, [G1]]) {
      const { resources } = await build([["all", { capabilities: everyNarrowCapability, groups }]]);
      const types = resources.filter((r) => r.type === T.role).map((r) => r.inputs["type"]);
      expect(types).not.toContain("SUPER_ADMIN");
      expect(types).not.toContain("ORG_ADMIN");
    }
  });

  it("refuses a broad role without opt-in before registering anything of the app", async () => {
    const attempt = record(() => {
      new ServiceApp("admin", { orgUrl: ORG, capabilities: ["super-admin"] });
    });
    await expect(attempt).rejects.toBeInstanceOf(ServiceAppPlanError);
    await expect(attempt).rejects.toThrow(
      "capabilities[0]: assigns SUPER_ADMIN, a broad role: opt in by name with allowBroadRoles: [SUPER_ADMIN]",
    );
  });
});

describe("outputs", () => {
  it("private key outputs are secret; the rest of the contract is not", async () => {
    const { result } = await build([["sec", {}]]);
    const out = result.built["sec"]!.stackOutput;
    const secrecy = Object.fromEntries(
      await Promise.all(Object.entries(out).map(async ([k, v]) => [k, await isSecret(v)])),
    );
    expect(secrecy).toEqual({
      clientId: false,
      tokenUrl: false,
      audience: false,
      orgUrl: false,
      activeKid: false,
      algorithm: false,
      scopes: false,
      requireDpop: false,
      privateKeyPem: true,
      privateKeyJwk: true,
    });
    expect(await valueOf(out.tokenUrl)).toBe(`${ORG}/oauth2/v1/token`);
    expect(await valueOf(out.audience)).toBe(`${ORG}/oauth2/v1/token`);
    expect(await valueOf(out.privateKeyJwk)).toMatchObject({
      kid: await valueOf(out.activeKid),
      alg: "RS256",
    });
  });

  it("passes requireDpop false through (Moveworks' preset)", async () => {
    const { result, resources } = await build([["mw", { requireDpop: false, label: "Moveworks" }]]);
    expect(inputsOf(resources, T.dpop, "mw-dpop")?.["requireDpop"]).toBe(false);
    expect(await valueOf(result.built["mw"]!.stackOutput.requireDpop)).toBe(false);
  });

  it("ready, and the exported client id, resolve only after scopes, every role and DPoP exist", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    setGate((args) => (args.name === "gated-role-report-admin" ? held : undefined));
    const app = new ServiceApp("gated", { orgUrl: ORG, capabilities: ["password-mfa-help"] });
    let ready = false;
    let clientIdOut = false;
    app.ready.apply(() => (ready = true));
    app.stackOutput.clientId.apply(() => (clientIdOut = true));
    // The app, its grant, the other role and the DPoP setting all exist by now...
    await valueOf(app.stackOutput.requireDpop);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([ready, clientIdOut]).toEqual([false, false]);
    // ...and ready follows the last role assignment.
    release();
    expect(await valueOf(app.ready)).toBe(true);
    expect(await valueOf(app.stackOutput.clientId)).toBe(appId("gated"));
    setGate(undefined);
    await settle();
  });
});

describe("order of the app's writes", () => {
  /** Registrations of `name`'s children seen while `gated` is held, then after its release. */
  async function heldBack(app: string, gated: (args: { type: string; name: string }) => boolean) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    setGate((args) => {
      seen.push(`${args.type}::${args.name}`);
      return gated(args) ? held : undefined;
    });
    const built = new ServiceApp(app, { orgUrl: ORG, capabilities: ["password-mfa-help"] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const whileHeld = [...seen];
    release();
    await valueOf(built.ready);
    setGate(undefined);
    await settle();
    return { whileHeld, after: seen };
  }

  it("the DPoP setting registers only once its app's step is done, so its diff reads the app after the app's write", async () => {
    const { whileHeld, after } = await heldBack("order-a", (a) => a.type === T.oauth);
    expect(whileHeld.filter((k) => k.startsWith(T.dpop))).toEqual([]);
    expect(after).toContain(`${T.dpop}::order-a-dpop`);
  });

  it("role assignments register only once the DPoP setting's step is done (terraform-provider-okta#2025)", async () => {
    // Okta refuses PUT /api/v1/apps/{id} from a less privileged caller once the app holds admin
    // roles (PROVIDERS.md): the DPoP write must come before the first role assignment.
    const { whileHeld, after } = await heldBack("order-b", (a) => a.type === T.dpop);
    expect(whileHeld.filter((k) => k.startsWith(T.role))).toEqual([]);
    expect(after.filter((k) => k.startsWith(T.role))).toEqual([
      `${T.role}::order-b-role-help-desk-admin`,
      `${T.role}::order-b-role-report-admin`,
    ]);
  });
});
