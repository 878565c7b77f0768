// Okta's own Node SDK (8.1.0, PrivateKey mode, DPoP) drives every endpoint the simulator answers,
// and every answer is checked against the spec's response schema. What this does not prove: that
// real Okta answers exactly so; it proves the simulator speaks the API the SDK was generated from.
import type { Client } from "@okta/okta-sdk-nodejs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOktaSim, type OktaSim } from "../../../sim/okta";
import telephonyRequest from "../../../sim/okta/data/okta-telephony-hook-request.json";
import { DEFAULT_ACCESS_POLICY_ID } from "../../../sim/okta/policies";
import {
  addServiceApp,
  generateRs256Key,
  hookReceiver,
  sdkClient,
  serviceAppBody,
  type GeneratedKey,
  type ServiceAppSpec,
} from "./support";

const SCOPES = [
  "okta.apps.manage",
  "okta.apps.read",
  "okta.appGrants.manage",
  "okta.appGrants.read",
  "okta.roles.manage",
  "okta.roles.read",
  "okta.policies.read",
  "okta.eventHooks.manage",
  "okta.eventHooks.read",
  "okta.inlineHooks.manage",
  "okta.inlineHooks.read",
  "okta.authenticators.manage",
  "okta.authenticators.read",
  "okta.apiTokens.manage",
  "okta.apiTokens.read",
  "okta.users.manage",
  "okta.users.read",
];

let sim: OktaSim;
let key: GeneratedKey;
let deployer: ServiceAppSpec;
let okta: Client;

beforeAll(async () => {
  key = await generateRs256Key();
  sim = await startOktaSim({ checkResponses: true });
  // The console default for API Services apps: DPoP required (issue 11 defect 10).
  deployer = { clientId: "0oasdkdeployer000001", key, scopes: SCOPES, dpop: true };
  addServiceApp(sim, deployer);
  okta = sdkClient(sim, deployer);
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.responseProblems.splice(0)).toEqual([]);
});

async function all<T>(collection: AsyncIterable<T>): Promise<NonNullable<T>[]> {
  const out: NonNullable<T>[] = [];
  for await (const item of collection) if (item != null) out.push(item);
  return out;
}

describe("token endpoint with the SDK", () => {
  it("answers use_dpop_nonce, then issues a DPoP-bound token with exactly the requested scopes", async () => {
    const token = await okta.oauth.getAccessToken();
    expect(token).toMatchObject({ token_type: "DPoP", expires_in: 3600, scope: SCOPES.join(" ") });
    const tokenCalls = sim.recorder.calls.filter((c) => c.operation === "token");
    expect(tokenCalls.map((c) => [c.status, c.errorCode])).toEqual([
      [400, "use_dpop_nonce"],
      [200, undefined],
    ]);
    expect(tokenCalls[0]!.caller).toBe(deployer.clientId);
  });
});

describe("provider configure", () => {
  it("reads /api/v1/users/me", async () => {
    const me = await okta.userApi.getUser({ userId: "me" });
    expect(me.profile?.login).toBe("admin@example.com");
  });
});

describe("apps, grants, policies and client roles", () => {
  let appId: string;

  it("creates an inactive service app, reads it, lists it with q and pages through all apps", async () => {
    const created = await okta.applicationApi.createApplication({
      application: serviceAppBody("sdk reporting", key.publicJwk) as never,
      activate: false,
    });
    appId = created.id!;
    expect(created).toMatchObject({
      name: "oidc_client",
      signOnMode: "OPENID_CONNECT",
      status: "INACTIVE",
    });
    const read = (await okta.applicationApi.getApplication({ appId })) as unknown as {
      credentials: { oauthClient: { client_id: string } };
      settings: { oauthClient: { dpop_bound_access_tokens: boolean } };
    };
    expect(read.credentials.oauthClient.client_id).toBe(appId);
    // Created without the flag: stored false (PROVIDERS.md).
    expect(read.settings.oauthClient.dpop_bound_access_tokens).toBe(false);
    for (let i = 0; i < 5; i++) {
      await okta.applicationApi.createApplication({
        application: serviceAppBody(`bulk ${i}`, key.publicJwk) as never,
      });
    }
    const found = await all(await okta.applicationApi.listApplications({ q: "sdk" }));
    expect(found.map((a) => a.id)).toEqual([appId]);
    // limit=2 over 7 apps: the SDK follows Link rel="next" to the end.
    const paged = await all(await okta.applicationApi.listApplications({ limit: 2 }));
    expect(paged).toHaveLength(7);
    const pages = sim.recorder.calls.filter((c) => c.operation === "listApplications").length;
    expect(pages).toBe(1 + 4);
    const inactive = await all(
      await okta.applicationApi.listApplications({ filter: 'status eq "INACTIVE"' }),
    );
    expect(inactive.map((a) => a.id)).toEqual([appId]);
  });

  it("activates, replaces the whole app, assigns the default access policy, deactivates and deletes", async () => {
    await okta.applicationApi.activateApplication({ appId });
    const current = await okta.applicationApi.getApplication({ appId });
    expect(current.status).toBe("ACTIVE");
    const replaced = await okta.applicationApi.replaceApplication({
      appId,
      application: { ...(serviceAppBody("sdk reporting v2", key.publicJwk) as object) } as never,
    });
    expect(replaced.label).toBe("sdk reporting v2");
    const policies = await all(await okta.policyApi.listPolicies({ type: "ACCESS_POLICY" }));
    expect(policies.map((p) => p.id)).toEqual([DEFAULT_ACCESS_POLICY_ID]);
    expect((await okta.policyApi.getPolicy({ policyId: DEFAULT_ACCESS_POLICY_ID })).name).toBe(
      "Default Policy",
    );
    await okta.applicationApi.assignApplicationPolicy({
      appId,
      policyId: DEFAULT_ACCESS_POLICY_ID,
    });
    expect(sim.state.appPolicies.get(appId)).toBe(DEFAULT_ACCESS_POLICY_ID);
  });

  it("grants a scope with the org URL as issuer, lists, reads and revokes it", async () => {
    const grant = await okta.applicationApi.grantConsentToScope({
      appId,
      oAuth2ScopeConsentGrant: { issuer: sim.url, scopeId: "okta.users.read" },
    });
    expect(grant).toMatchObject({ issuer: sim.url, scopeId: "okta.users.read", status: "ACTIVE" });
    const grants = await all(await okta.applicationApi.listScopeConsentGrants({ appId }));
    expect(grants.map((g) => g.scopeId)).toEqual(["okta.users.read"]);
    expect((await okta.applicationApi.getScopeConsentGrant({ appId, grantId: grant.id! })).id).toBe(
      grant.id,
    );
    await okta.applicationApi.revokeScopeConsentGrant({ appId, grantId: grant.id! });
    expect(await all(await okta.applicationApi.listScopeConsentGrants({ appId }))).toEqual([]);
  });

  it("assigns a standard and a custom role to the client, reads, lists and deletes them", async () => {
    const role = await okta.customRoleApi.createRole({
      instance: { label: "sdk hooks admin", description: "d", permissions: ["okta.apps.read"] },
    });
    const set = await okta.resourceSetApi.createResourceSet({
      instance: {
        label: "sdk apps",
        description: "d",
        resources: [`${sim.url}/api/v1/apps/${appId}`],
      },
    });
    const standard = await okta.roleAssignmentApi.assignRoleToClient({
      clientId: appId,
      assignRoleRequest: { type: "APP_ADMIN" } as never,
    });
    const custom = await okta.roleAssignmentApi.assignRoleToClient({
      clientId: appId,
      assignRoleRequest: { type: "CUSTOM", role: role.id!, resource_set: set.id! } as never,
    });
    const listed = await all(await okta.roleAssignmentApi.listRolesForClient({ clientId: appId }));
    expect(listed.map((r) => r.type)).toEqual(["APP_ADMIN", "CUSTOM"]);
    const read = await okta.roleAssignmentApi.retrieveClientRole({
      clientId: appId,
      roleAssignmentId: custom.id!,
    });
    expect(read).toMatchObject({ type: "CUSTOM", role: role.id, resource_set: set.id });
    await okta.roleAssignmentApi.deleteRoleFromClient({
      clientId: appId,
      roleAssignmentId: standard.id!,
    });
    await okta.roleAssignmentApi.deleteRoleFromClient({
      clientId: appId,
      roleAssignmentId: custom.id!,
    });
    expect(await all(await okta.roleAssignmentApi.listRolesForClient({ clientId: appId }))).toEqual(
      [],
    );
  });

  it("deletes the app only once it is deactivated", async () => {
    await expect(okta.applicationApi.deleteApplication({ appId })).rejects.toMatchObject({
      status: 403,
      errorCode: "E0000056",
    });
    await okta.applicationApi.deactivateApplication({ appId });
    await okta.applicationApi.deleteApplication({ appId });
    await expect(okta.applicationApi.getApplication({ appId })).rejects.toMatchObject({
      status: 404,
      errorCode: "E0000007",
    });
  });
});

describe("custom roles and resource sets", () => {
  it("creates a role, adds and removes permissions one by one, replaces and deletes it", async () => {
    const role = await okta.customRoleApi.createRole({
      instance: { label: "sdk role", description: "first", permissions: ["okta.apps.read"] },
    });
    await okta.customRoleApi.createRolePermission({
      roleIdOrLabel: role.id!,
      permissionType: "okta.apps.manage",
    });
    const perms = await okta.customRoleApi.listRolePermissions({ roleIdOrLabel: role.id! });
    expect(perms.permissions?.map((p) => p.label)).toEqual(["okta.apps.read", "okta.apps.manage"]);
    expect(
      (
        await okta.customRoleApi.getRolePermission({
          roleIdOrLabel: "sdk role",
          permissionType: "okta.apps.read",
        })
      ).label,
    ).toBe("okta.apps.read");
    await okta.customRoleApi.deleteRolePermission({
      roleIdOrLabel: role.id!,
      permissionType: "okta.apps.read",
    });
    const replaced = await okta.customRoleApi.replaceRole({
      roleIdOrLabel: role.id!,
      instance: { label: "sdk role", description: "second" },
    });
    expect(replaced.description).toBe("second");
    expect((await okta.customRoleApi.getRole({ roleIdOrLabel: role.id! })).description).toBe(
      "second",
    );
    const roles = await okta.customRoleApi.listRoles({});
    expect(roles.roles?.some((r) => r.id === role.id)).toBe(true);
    await okta.customRoleApi.deleteRole({ roleIdOrLabel: role.id! });
    await expect(okta.customRoleApi.getRole({ roleIdOrLabel: role.id! })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("pages a resource set's resources by _links.next in the body", async () => {
    const refs = Array.from({ length: 5 }, (_, i) => `${sim.url}/api/v1/groups/00gsdk${i}`);
    const set = await okta.resourceSetApi.createResourceSet({
      instance: { label: "sdk paged", description: "d", resources: refs.slice(0, 3) },
    });
    await okta.resourceSetApi.addResourceSetResources({
      resourceSetId: set.id!,
      instance: { additions: refs.slice(3) },
    });
    const first = await okta.resourceSetApi.listResourceSetResources({
      resourceSetId: set.id!,
      limit: 2,
    });
    expect(first.resources).toHaveLength(2);
    const next = first._links?.next?.href;
    expect(next).toMatch(/after=/);
    const hrefs = [...(first.resources ?? [])];
    let cursor = next;
    while (cursor !== undefined) {
      const after = new URL(cursor).searchParams.get("after")!;
      const page = await okta.resourceSetApi.listResourceSetResources({
        resourceSetId: set.id!,
        limit: 2,
        after,
      });
      hrefs.push(...(page.resources ?? []));
      cursor = page._links?.next?.href;
    }
    expect(hrefs.map((r) => r._links?.self?.href)).toEqual(refs);
    const one = await okta.resourceSetApi.getResourceSetResource({
      resourceSetId: set.id!,
      resourceId: hrefs[0]!.id!,
    });
    expect(one.id).toBe(hrefs[0]!.id);
    await okta.resourceSetApi.deleteResourceSetResource({
      resourceSetId: set.id!,
      resourceId: hrefs[0]!.id!,
    });
    const sets = await okta.resourceSetApi.listResourceSets({});
    expect(sets.resource_sets?.some((s) => s.id === set.id)).toBe(true);
    const renamed = await okta.resourceSetApi.replaceResourceSet({
      resourceSetId: set.id!,
      instance: { label: "sdk paged 2", description: "d2" },
    });
    expect(renamed.label).toBe("sdk paged 2");
    expect((await okta.resourceSetApi.getResourceSet({ resourceSetId: "sdk paged 2" })).id).toBe(
      set.id,
    );
    await okta.resourceSetApi.deleteResourceSet({ resourceSetId: set.id! });
  });
});

describe("event hooks", () => {
  it("creates, verifies against a loopback hook that echoes the challenge, replaces, deactivates, deletes", async () => {
    const receiver = await hookReceiver((req) => ({
      status: 200,
      body: { verification: req.headers["x-okta-verification-challenge"] },
    }));
    try {
      const hook = await okta.eventHookApi.createEventHook({
        eventHook: {
          name: "sdk events",
          events: { type: "EVENT_TYPE", items: ["user.authentication.auth_via_mfa"] },
          channel: {
            type: "HTTP",
            version: "1.0.0",
            config: {
              uri: `${receiver.url}/okta/events`,
              headers: [{ key: "x-extra", value: "1" }],
              authScheme: { type: "HEADER", key: "Authorization", value: "Basic c2VjcmV0" },
            },
          },
        } as never,
      });
      expect(hook).toMatchObject({ status: "ACTIVE", verificationStatus: "UNVERIFIED" });
      // Okta never returns the auth value.
      expect(hook.channel?.config?.authScheme).toEqual({ type: "HEADER", key: "Authorization" });
      const verified = await okta.eventHookApi.verifyEventHook({ eventHookId: hook.id! });
      expect(verified.verificationStatus).toBe("VERIFIED");
      expect(receiver.seen).toHaveLength(1);
      expect(receiver.seen[0]).toMatchObject({ method: "GET", path: "/okta/events" });
      expect(receiver.seen[0]!.headers).toMatchObject({
        authorization: "Basic c2VjcmV0",
        "x-extra": "1",
      });
      const listed = await all(await okta.eventHookApi.listEventHooks());
      expect(listed.map((h) => h.id)).toContain(hook.id);
      const replaced = await okta.eventHookApi.replaceEventHook({
        eventHookId: hook.id!,
        eventHook: { ...hook, name: "sdk events 2", _links: undefined } as never,
      });
      expect(replaced).toMatchObject({ name: "sdk events 2", verificationStatus: "VERIFIED" });
      expect((await okta.eventHookApi.getEventHook({ eventHookId: hook.id! })).name).toBe(
        "sdk events 2",
      );
      await okta.eventHookApi.deactivateEventHook({ eventHookId: hook.id! });
      await okta.eventHookApi.activateEventHook({ eventHookId: hook.id! });
      await okta.eventHookApi.deactivateEventHook({ eventHookId: hook.id! });
      await okta.eventHookApi.deleteEventHook({ eventHookId: hook.id! });
    } finally {
      await receiver.close();
    }
  });
});

describe("inline hooks", () => {
  it("creates a telephony hook, executes it against a loopback receiver with Okta's payload, and deletes it", async () => {
    const success = {
      commands: [
        {
          type: "com.okta.telephony.action",
          value: [{ status: "SUCCESSFUL", provider: "Twilio Verify", transactionId: "VE123" }],
        },
      ],
    };
    const receiver = await hookReceiver(() => ({ status: 200, body: success }));
    try {
      const hook = await okta.inlineHookApi.createInlineHook({
        inlineHook: {
          name: "sdk telephony",
          type: "com.okta.telephony.provider",
          version: "1.0.0",
          channel: {
            type: "HTTP",
            version: "1.0.0",
            config: {
              uri: `${receiver.url}/okta/telephony`,
              method: "POST",
              authScheme: { type: "HEADER", key: "x-telephony-key", value: "s3cret" },
            },
          },
        } as never,
      });
      expect(hook.status).toBe("ACTIVE");
      const answer = await okta.inlineHookApi.executeInlineHook({
        inlineHookId: hook.id!,
        payloadData: telephonyRequest as never,
      });
      expect(answer).toEqual(success);
      // The caller's payload reaches the hook as sent, with the configured auth header.
      expect(receiver.seen[0]!.headers["x-telephony-key"]).toBe("s3cret");
      expect(JSON.parse(receiver.seen[0]!.body)).toEqual(telephonyRequest);
      const listed = await all(await okta.inlineHookApi.listInlineHooks({}));
      expect(listed.map((h) => h.id)).toContain(hook.id);
      const renamed = await okta.inlineHookApi.replaceInlineHook({
        inlineHookId: hook.id!,
        inlineHook: { name: "sdk telephony 2", version: "1.0.0", channel: hook.channel } as never,
      });
      expect(renamed.name).toBe("sdk telephony 2");
      expect((await okta.inlineHookApi.getInlineHook({ inlineHookId: hook.id! })).name).toBe(
        "sdk telephony 2",
      );
      await okta.inlineHookApi.deactivateInlineHook({ inlineHookId: hook.id! });
      await okta.inlineHookApi.activateInlineHook({ inlineHookId: hook.id! });
      await okta.inlineHookApi.deleteInlineHook({ inlineHookId: hook.id! });
    } finally {
      await receiver.close();
    }
  });
});

describe("authenticators", () => {
  it("lists an Identity Engine org's authenticators and toggles the phone authenticator", async () => {
    const list = await all(await okta.authenticatorApi.listAuthenticators());
    expect(list.map((a) => a.key).sort()).toEqual([
      "okta_email",
      "okta_password",
      "okta_verify",
      "phone_number",
      "security_question",
      "webauthn",
    ]);
    const phone = list.find((a) => a.key === "phone_number")!;
    const active = await okta.authenticatorApi.activateAuthenticator({
      authenticatorId: phone.id!,
    });
    expect(active.status).toBe("ACTIVE");
    const replaced = await okta.authenticatorApi.replaceAuthenticator({
      authenticatorId: phone.id!,
      authenticator: {
        key: "phone_number",
        name: "Phone",
        settings: { allowedFor: "any" },
      } as never,
    });
    expect((replaced as { settings?: unknown }).settings).toEqual({ allowedFor: "any" });
    expect(
      (await okta.authenticatorApi.getAuthenticator({ authenticatorId: phone.id! })).status,
    ).toBe("ACTIVE");
    await okta.authenticatorApi.deactivateAuthenticator({ authenticatorId: phone.id! });
  });
});

describe("API tokens", () => {
  it("lists, reads and renames a token, and revoking it stops its SSWS value working", async () => {
    const value = sim.sswsToken({ name: "sdk token", roles: ["SUPER_ADMIN"] });
    const tokens = await all(await okta.apiTokenApi.listApiTokens());
    const token = tokens.find((t) => t.name === "sdk token")!;
    expect((await okta.apiTokenApi.getApiToken({ apiTokenId: token.id! })).name).toBe("sdk token");
    const renamed = await okta.apiTokenApi.upsertApiToken({
      apiTokenId: token.id!,
      apiTokenUpdate: { name: "sdk token 2", network: { connection: "ANYWHERE" } } as never,
    });
    expect(renamed.name).toBe("sdk token 2");
    const before = await fetch(`${sim.url}/api/v1/users/me`, {
      headers: { authorization: `SSWS ${value}` },
    });
    expect(before.status).toBe(200);
    await okta.apiTokenApi.revokeApiToken({ apiTokenId: token.id! });
    const after = await fetch(`${sim.url}/api/v1/users/me`, {
      headers: { authorization: `SSWS ${value}` },
    });
    expect(after.status).toBe(401);
  });
});

describe("users and factors", () => {
  it("creates a user, finds it, enrolls, reads, lists and removes an SMS factor", async () => {
    const user = await okta.userApi.createUser({
      body: {
        profile: {
          login: "ada@example.com",
          email: "ada@example.com",
          firstName: "Ada",
          lastName: "L",
        },
      },
    });
    const found = await all(await okta.userApi.listUsers({ q: "ada" }));
    expect(found.map((u) => u.id)).toEqual([user.id]);
    const factor = await okta.userFactorApi.enrollFactor({
      userId: user.id!,
      body: {
        factorType: "sms",
        provider: "OKTA",
        profile: { phoneNumber: "+15551234567" },
      } as never,
    });
    expect(factor).toMatchObject({ factorType: "sms", status: "PENDING_ACTIVATION" });
    expect(
      (await okta.userFactorApi.getFactor({ userId: user.id!, factorId: factor.id! })).id,
    ).toBe(factor.id);
    const factors = await all(await okta.userFactorApi.listFactors({ userId: user.id! }));
    expect(factors.map((f) => f.id)).toEqual([factor.id]);
    await okta.userFactorApi.unenrollFactor({ userId: user.id!, factorId: factor.id! });
    expect(await all(await okta.userFactorApi.listFactors({ userId: user.id! }))).toEqual([]);
  });
});

describe("org metadata", () => {
  it("answers /.well-known/okta-organization with the Identity Engine pipeline, no credential needed", async () => {
    const response = await fetch(`${sim.url}/.well-known/okta-organization`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ pipeline: "idx" });
  });
});

describe("the recorder", () => {
  it("recorded every SDK call with its operation, caller, scope and bucket, and no gap", () => {
    const calls = sim.recorder.calls.filter(
      (c) => c.caller === deployer.clientId && c.operation !== "token",
    );
    expect(calls.length).toBeGreaterThan(40);
    for (const c of calls) {
      expect(c.scope, c.operation).toMatch(/^okta\./);
      expect(c.bucket, c.operation).toBeDefined();
    }
    expect(sim.recorder.gaps).toEqual([]);
    const create = calls.find((c) => c.operation === "createApplication")!;
    expect(create).toMatchObject({ scope: "okta.apps.manage", bucket: "api/v1/apps", status: 200 });
  });
});
