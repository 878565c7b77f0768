// The Okta resources each preset declares, under Pulumi's mock runtime with stub ServiceApp and
// receiver pieces: exact inputs and options, shared pieces created once however many connectors
// use them, and bundles whose secret fields (and only those) are Pulumi secrets.
// Not proven here: that Okta accepts these inputs, or how a real import diffs.

import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { declareConnectors } from "../../components/connectors";
import type { BundleOutput } from "../../components/connectors/lift";
import { SPOKE_GRANT_TYPES } from "../../components/connectors/servicenowSpoke/component";
import type { StackConfig } from "../../config/schema";
import type { ResourceRecord } from "../../cli/lib/evaluate";
import { DEV_ORG_URL, devConfig, TEST_SECRETS } from "./support/config";
import { runWithMocks, settlesSoon } from "./support/runtime";
import { inspect } from "../helpers/outputs";
import { STUB_PEM, stubDeps } from "./support/stubs";

const CLIENT_SECRET = "spoke-client-secret-from-okta-7c1e";
const TOKEN_ID = "00T1fxzubpqiepH11d38";
const ZONE_ID = "nzonkw1sfwwi79Hat2d7";

async function declare(config: StackConfig, deps = stubDeps().deps) {
  return runWithMocks(
    () =>
      declareConnectors(
        {
          stack: "dev",
          config,
          secrets: {
            oktaApiToken: pulumi.secret(TEST_SECRETS.oktaApiToken),
            twilioAuthToken: pulumi.secret(TEST_SECRETS.twilioAuthToken),
          },
        },
        deps,
      ),
    {
      state: (args) =>
        args.type === "okta:app/oAuth:OAuth"
          ? { clientId: "0oaSpokeClient1", clientSecret: CLIENT_SECRET }
          : {},
      call: (args) =>
        args.token === "okta:index/getApiToken:getApiToken"
          ? {
              id: args.inputs.id,
              name: "servicenow spoke",
              userId: "00u1admin",
              clientName: "Okta API",
            }
          : {},
    },
  );
}

const ofType = (resources: ResourceRecord[], type: string) =>
  resources.filter((r) => r.type === type);
const only = (resources: ResourceRecord[], type: string) => {
  const found = ofType(resources, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const parentName = (resources: ResourceRecord[], r: ResourceRecord) =>
  resources.find((p) => p.urn === r.parent)?.name;

/** Every field's value, known, with its secret-ness as Pulumi reports it. */
async function resolve(bundle: BundleOutput) {
  return Promise.all(
    bundle.fields.map(async (f) => ({
      name: f.name,
      declared: f.secret,
      ...(await inspect(f.value)),
    })),
  );
}

const apiKeyOnly = (c: any) => {
  c.servicenowSpoke.auth = "api-key";
  delete c.moveworks;
  delete c.twilioVerify;
  delete c.servicenowVoiceAgent;
};

describe("ServiceNow spoke, OAuth", () => {
  it("declares the seed's web app: grants, response types, URIs, under the connector", async () => {
    const { resources } = await declare(devConfig());
    const app = only(resources, "okta:app/oAuth:OAuth");
    expect(app.name).toBe("servicenow-spoke");
    expect(parentName(resources, app)).toBe("servicenow-spoke");
    expect(app.inputs).toMatchObject({
      label: "oktaplane dev ServiceNow Okta spoke",
      type: "web",
      grantTypes: ["authorization_code", "refresh_token", "implicit"],
      responseTypes: ["code", "token", "id_token"],
      redirectUris: ["https://acmedev.service-now.com/oauth_redirect.do"],
      postLogoutRedirectUris: ["https://acmedev.service-now.com/oauth_redirect.do"],
      tokenEndpointAuthMethod: "client_secret_basic",
    });
    expect(app.inputs["grantTypes"]).toEqual([...SPOKE_GRANT_TYPES]);
    expect(app.protect).toBe(false);
  });

  it("leaves the web app on Okta's default authentication policy without the provider listing policies", async () => {
    // Without skipAuthenticationPolicy the provider lists ACCESS_POLICY policies (okta.policies.read)
    // and assigns the default on create and every update (PROVIDERS.md); Okta gives every new
    // non-service app that same default policy itself, so the stack skips it.
    const { resources } = await declare(devConfig());
    expect(only(resources, "okta:app/oAuth:OAuth").inputs).toMatchObject({
      skipAuthenticationPolicy: true,
    });
  });

  it("grants the nine spoke scopes in the seed's order on the org authorization server", async () => {
    const { resources } = await declare(devConfig());
    const grant = only(resources, "okta:index/appOauthApiScope:AppOauthApiScope");
    expect(grant.name).toBe("servicenow-spoke-scopes");
    expect(parentName(resources, grant)).toBe("servicenow-spoke");
    expect(grant.inputs).toMatchObject({
      appId: "servicenow-spoke-id",
      issuer: DEV_ORG_URL,
      scopes: [
        "okta.users.manage",
        "okta.apps.manage",
        "okta.logs.read",
        "okta.groups.read",
        "okta.groups.manage",
        "okta.users.read",
        "okta.apps.read",
        "okta.eventHooks.read",
        "okta.eventHooks.manage",
      ],
    });
  });

  it("protects the web app in prod", async () => {
    const { resources } = await declare(devConfig({ environment: "prod" }));
    expect(only(resources, "okta:app/oAuth:OAuth").protect).toBe(true);
  });

  it("hands out the client secret only as a Pulumi secret", async () => {
    const { result } = await declare(devConfig());
    const fields = await resolve(result.bundles["servicenow-spoke"]!);
    const secret = fields.find((f) => f.name === "OAuth Client Secret")!;
    // The provider marks clientSecret secret, but mocks do not apply that: this is our marking.
    expect(secret).toMatchObject({ value: CLIENT_SECRET, secret: true, declared: true });
    expect(fields.find((f) => f.name === "OAuth Client ID")).toMatchObject({
      value: "0oaSpokeClient1",
      secret: false,
    });
  });
});

describe("ServiceNow spoke, API key", () => {
  it("imports the token, protected and kept on delete, restricted to the zone", async () => {
    const config = devConfig({
      connectors: (c) => {
        apiKeyOnly(c);
        c.servicenowSpoke.apiTokenId = TOKEN_ID;
        c.servicenowSpoke.networkZoneId = ZONE_ID;
      },
    });
    const { resources, calls } = await declare(config);
    const token = only(resources, "okta:index/apiToken:ApiToken");
    expect(token).toMatchObject({
      name: "okta-api-token",
      importId: TOKEN_ID,
      protect: true,
      retainOnDelete: true,
    });
    expect(token.inputs).toEqual({
      idProperty: TOKEN_ID,
      // Read back from the token so the import matches and an update keeps them.
      name: "servicenow spoke",
      userId: "00u1admin",
      clientName: "Okta API",
      network: { connection: "ZONE", includes: [ZONE_ID] },
    });
    expect(calls.map((c) => [c.token, c.inputs.id])).toEqual([
      ["okta:index/getApiToken:getApiToken", TOKEN_ID],
    ]);
    expect(ofType(resources, "okta:app/oAuth:OAuth")).toEqual([]);
  });

  it("imports an unrestricted token as Okta reports it (connection ANYWHERE)", async () => {
    const config = devConfig({
      connectors: (c) => {
        apiKeyOnly(c);
        c.servicenowSpoke.apiTokenId = TOKEN_ID;
      },
    });
    const { resources } = await declare(config);
    expect(only(resources, "okta:index/apiToken:ApiToken").inputs["network"]).toEqual({
      connection: "ANYWHERE",
    });
  });

  it("without a token id, imports nothing and still hands out the SSWS key as a secret", async () => {
    const { resources, result } = await declare(devConfig({ connectors: apiKeyOnly }));
    expect(ofType(resources, "okta:index/apiToken:ApiToken")).toEqual([]);
    const key = (await resolve(result.bundles["servicenow-spoke"]!)).find(
      (f) => f.name === "API Key",
    );
    expect(key).toMatchObject({ value: `SSWS ${TEST_SECRETS.oktaApiToken}`, secret: true });
  });
});

describe("Okta Verify push (voice agent)", () => {
  const voiceOnly = (c: any) => {
    delete c.servicenowSpoke;
    delete c.moveworks;
    delete c.twilioVerify;
  };

  it("OIE: activates the okta_verify authenticator, leaving its settings to the org, kept on delete", async () => {
    const { resources } = await declare(devConfig({ connectors: voiceOnly }));
    const authenticator = only(resources, "okta:index/authenticator:Authenticator");
    expect(authenticator).toMatchObject({
      name: "okta-verify-push-authenticator",
      retainOnDelete: true,
    });
    expect(parentName(resources, authenticator)).toBe("okta-verify-push");
    expect(authenticator.inputs).toMatchObject({
      key: "okta_verify",
      name: "Okta Verify",
      status: "ACTIVE",
    });
    // Not managed: the provider adopts the authenticator without writing settings, so declared
    // ones that are not Okta's whole object would diff forever (test/components/oktaVerifyPush.test.ts).
    expect(authenticator.inputs).not.toHaveProperty("settings");
    expect(ofType(resources, "okta:factor/factor:Factor")).toEqual([]);
  });

  it("Classic: activates the okta_push factor instead, kept on delete", async () => {
    const config = devConfig({ connectors: voiceOnly, okta: (o) => void (o.engine = "classic") });
    const { resources } = await declare(config);
    const factor = only(resources, "okta:factor/factor:Factor");
    expect(factor.inputs).toEqual({ providerId: "okta_push", active: true });
    expect(factor.retainOnDelete).toBe(true);
    expect(ofType(resources, "okta:index/authenticator:Authenticator")).toEqual([]);
  });
});

describe("Moveworks", () => {
  it("JWT: asks for one service app with the guide's scopes, its capabilities, DPoP off", async () => {
    const { deps, calls } = stubDeps();
    const { resources } = await declare(devConfig(), deps);
    const moveworks = calls.serviceApps.filter((c) => c.name === "moveworks");
    expect(moveworks).toHaveLength(1);
    expect(moveworks[0]!.app).toMatchObject({
      label: "oktaplane dev Moveworks",
      capabilities: ["moveworks-scopes", "read-only", "software-provisioning", "password-mfa-help"],
      groups: ["00g1a2b3c4d5e6f7g8h9", "00g9h8g7f6e5d4c3b2a1"],
      requireDpop: false,
    });
    const app = resources.find((r) => r.type === "test:stub:ServiceApp" && r.name === "moveworks")!;
    expect(parentName(resources, app)).toBe("moveworks");
  });

  it("JWT: the sheet's private key is a secret and the rest resolves from the app", async () => {
    const { result } = await declare(devConfig());
    const fields = await resolve(result.bundles.moveworks!);
    expect(fields.find((f) => f.name === "Private Key")).toMatchObject({
      value: STUB_PEM,
      secret: true,
    });
    expect(fields.find((f) => f.name === "KID")).toMatchObject({
      value: "kid-moveworks",
      secret: false,
    });
    expect(fields.find((f) => f.name === "Client ID")!.value).toBe("0oa-moveworks");
  });

  it("API key: creates no service app", async () => {
    const { deps, calls } = stubDeps();
    const config = devConfig({
      connectors: (c) => {
        c.moveworks.auth = "api-key";
        delete c.moveworks.groups;
        delete c.twilioVerify;
      },
    });
    await declare(config, deps);
    expect(calls.serviceApps).toEqual([]);
  });
});

describe("Twilio Verify", () => {
  it("builds the receiver with its own read-users app and the Twilio values", async () => {
    const { deps, calls } = stubDeps();
    await declare(devConfig(), deps);
    expect(calls.serviceApps.find((c) => c.name === "hook-receiver")!.app).toMatchObject({
      capabilities: ["read-users"],
      requireDpop: true,
    });
    expect(calls.receivers).toHaveLength(1);
    const twilio = calls.receivers[0]!.twilio;
    expect(twilio).toMatchObject({
      accountSid: "AC0123456789abcdef0123456789abcdef",
      verifyServiceSid: "VA0123456789abcdef0123456789abcdef",
    });
    expect(await inspect(twilio.authToken)).toMatchObject({
      value: TEST_SECRETS.twilioAuthToken,
      secret: true,
    });
    expect(await inspect(calls.receivers[0]!.oktaApp.clientId)).toMatchObject({
      value: "0oa-hook-receiver",
    });
  });

  it("turns the receiver app's DPoP off only when hookReceiver.requireDpop says so", async () => {
    const base = devConfig();
    const config: StackConfig = {
      ...base,
      hookReceiver: { ...base.hookReceiver!, requireDpop: false },
    };
    const { deps, calls } = stubDeps();
    await declare(config, deps);
    expect(calls.serviceApps.find((c) => c.name === "hook-receiver")!.app).toMatchObject({
      requireDpop: false,
    });
    expect(base.hookReceiver!.requireDpop).toBe(true);
  });

  it("subscribes the feedback event hook to the seed's two events; one telephony hook", async () => {
    const { deps, calls } = stubDeps();
    await declare(devConfig(), deps);
    expect(calls.eventHooks.map((h) => [h.name, h.request.label, h.request.events])).toEqual([
      [
        "twilio-verify-feedback",
        "Twilio Verify Feedback",
        ["user.mfa.factor.activate", "user.authentication.auth_via_mfa"],
      ],
    ]);
    expect(calls.telephony.map((t) => [t.name, t.request.label])).toEqual([
      ["telephony-provider", "Twilio Verify telephony"],
    ]);
  });

  it("without feedback, creates no event hook", async () => {
    const { deps, calls } = stubDeps();
    await declare(devConfig({ connectors: (c) => void (c.twilioVerify.feedback = false) }), deps);
    expect(calls.eventHooks).toEqual([]);
    expect(calls.telephony).toHaveLength(1);
  });
});

describe("shared pieces", () => {
  it("every connector enabled: one token import, one push setting, one receiver, one telephony hook", async () => {
    const config = devConfig({
      connectors: (c) => {
        c.servicenowSpoke.auth = "api-key";
        c.servicenowSpoke.apiTokenId = TOKEN_ID;
        c.moveworks.auth = "api-key";
        delete c.moveworks.groups;
      },
    });
    const { deps, calls } = stubDeps();
    const { resources, result } = await declare(config, deps);
    // Three connectors hand out the same token; one import.
    only(resources, "okta:index/apiToken:ApiToken");
    only(resources, "okta:index/authenticator:Authenticator");
    only(resources, "test:stub:HookReceiver");
    only(resources, "test:stub:TelephonyProvider");
    expect(calls.serviceApps.map((c) => c.name)).toEqual(["hook-receiver"]);
    // Each bundle waits for the one import.
    for (const id of ["servicenow-spoke", "servicenow-voice-agent", "moveworks"] as const) {
      const key = (await resolve(result.bundles[id]!)).find((f) => f.name === "API Key")!;
      expect(key.secret, id).toBe(true);
    }
    const names = resources.map((r) => `${r.type}::${r.name}::${r.parent ?? ""}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it("the dev stack (JWT Moveworks): two service apps, one receiver, no token import", async () => {
    const { deps, calls } = stubDeps();
    const { resources } = await declare(devConfig(), deps);
    expect(calls.serviceApps.map((c) => c.name).sort()).toEqual(["hook-receiver", "moveworks"]);
    expect(ofType(resources, "okta:index/apiToken:ApiToken")).toEqual([]);
    only(resources, "test:stub:HookReceiver");
  });
});

describe("every bundle", () => {
  it("marks exactly its secret fields as Pulumi secrets, and no other field holds a secret", async () => {
    const configs = [
      devConfig(),
      devConfig({
        connectors: (c) => {
          c.servicenowSpoke.auth = "api-key";
          c.moveworks.auth = "api-key";
          delete c.moveworks.groups;
        },
      }),
    ];
    const secrets = [
      TEST_SECRETS.oktaApiToken,
      TEST_SECRETS.twilioAuthToken,
      CLIENT_SECRET,
      "TESTKEYMATERIAL",
    ];
    let secretFields = 0;
    for (const config of configs) {
      const { result } = await declare(config);
      expect(Object.keys(result.bundles).sort()).toEqual([
        "moveworks",
        "servicenow-spoke",
        "servicenow-voice-agent",
        "twilio-verify",
      ]);
      for (const bundle of Object.values(result.bundles)) {
        for (const f of await resolve(bundle!)) {
          expect(f.known, `${bundle!.connector} ${f.name}`).toBe(true);
          expect(f.secret, `${bundle!.connector} ${f.name}`).toBe(f.declared);
          if (f.declared) secretFields++;
          else for (const s of secrets) expect(String(f.value)).not.toContain(s);
        }
      }
    }
    // spoke OAuth + voice + Moveworks JWT, then spoke API key + voice + Moveworks API key.
    expect(secretFields).toBe(6);
  });

  it("resolves only after the service app's scopes and roles are in place", async () => {
    let release!: (v: string) => void;
    const gate = new Promise<string>((r) => (release = r));
    const { deps } = stubDeps(pulumi.output(gate));
    const { result } = await declare(devConfig(), deps);
    const clientId = result.bundles.moveworks!.fields.find((f) => f.name === "Client ID")!.value;
    expect(await settlesSoon(clientId)).toBe(false);
    release("granted");
    expect(await inspect(clientId)).toMatchObject({ value: "0oa-moveworks" });
  });
});

describe("missing dependencies", () => {
  it("name what a connector needs", () => {
    expect(() =>
      declareConnectors(
        {
          stack: "dev",
          config: devConfig(),
          secrets: { oktaApiToken: pulumi.secret("t"), twilioAuthToken: pulumi.secret("t") },
        },
        {},
      ),
    ).toThrow(/connectors.moveworks \(auth jwt\) needs deps.serviceApp/);
  });
});
