// The rehearsal's simulators (cli/rehearse/simulators.ts: the real sim/okta, sim/cloudflare and
// sim/twilio, wired together) and its hook round trip, with what a deploy of `dev` makes put in
// place by hand the way the providers would (the app, its grant, the Worker with the stack's
// bindings, the two hooks). Real: the simulators, the Worker bundle in workerd, Okta's calls to
// it, its calls to Okta and Twilio. Not real: no Pulumi engine or provider made these calls.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_MODULE, workerBundle } from "../../components/hookReceiver";
import { receiverUrls, resolveRoute } from "../../components/hookUrls";
import { defaultWorkerName } from "../../components/hookNames";
import { planBindings } from "../../components/workerBindings";
import { readStackFile } from "../../cli/lib/stackFile";
import { runRoundTrip } from "../../cli/rehearse/roundTrip";
import { rehearsalSeed, type RehearsalSeed } from "../../cli/rehearse/seed";
import type { RehearsalSims } from "../../cli/rehearse/sims";
import { startRehearsalSims } from "../../cli/rehearse/simulators";
import { rehearsalSecrets, validateStack } from "../../cli/rehearse/stackConfig";
import type { ResourceOutputs } from "../../cli/rehearse/engineEvents";
import { generateRs256Key } from "../cli/support/serviceAppKeys";
import { providerMultipart } from "../sim/cloudflare/support/provider";
import { telephonyHookBody } from "../sim/okta/support";
import { serviceAppBody } from "../sim/okta/support";

const EVENT_SECRET = "event-hook-secret-0123456789abcdefghijklmnopqrstuv";
const TELEPHONY_SECRET = "telephony-secret-0123456789abcdefghijklmnopqrstu";
const DEPLOYER_SCOPES = [
  "okta.appGrants.manage",
  "okta.apps.manage",
  "okta.eventHooks.manage",
  "okta.inlineHooks.manage",
  "okta.roles.manage",
];

let sims: RehearsalSims;
let seed: RehearsalSeed;
let orgUrl: string;
let token: string;
let appId: string;
const deployed = new Map<string, ResourceOutputs>();

async function okta(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sims.okta.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text === "" ? {} : JSON.parse(text)) as Record<string, any> };
}

function outputs(type: string, name: string, id: string): void {
  const urn = `urn:pulumi:dev::oktaplane::${type}::${name}`;
  deployed.set(urn, { urn, type, id, outputs: {}, protect: false, retainOnDelete: false });
}

beforeAll(async () => {
  const file = await readStackFile("dev");
  const parsed = validateStack(file);
  const secrets = rehearsalSecrets(file, parsed);
  seed = rehearsalSeed(parsed.config, Object.fromEntries(secrets.map((s) => [s.key, s.value])));
  orgUrl = `https://${seed.orgName}.${seed.baseUrl}`;
  sims = await startRehearsalSims({ seed, clockScale: 1 });
  token = await sims.okta.issueToken(DEPLOYER_SCOPES, "deployer");

  // The receiver's service app with its key, and the scope the Worker reads users with.
  const key = await generateRs256Key();
  const app = await okta(
    "POST",
    "/api/v1/apps",
    serviceAppBody("oktaplane dev hook receiver", key.publicJwk),
  );
  expect(app.status, JSON.stringify(app.json)).toBe(200);
  appId = app.json.id;
  const clientId = app.json.credentials.oauthClient.client_id as string;
  outputs("okta:app/oAuth:OAuth", "hooks-receiver-app", appId);
  const grant = await okta("POST", `/api/v1/apps/${appId}/grants`, {
    issuer: orgUrl,
    scopeId: "okta.users.read",
  });
  expect(grant.status, JSON.stringify(grant.json)).toBe(201);
  // A service app reads users only with an admin role too; the stack assigns a custom role with
  // okta.users.read over all users (capability read-users), a standard read-only role here.
  const role = await okta("POST", `/oauth2/v1/clients/${clientId}/roles`, {
    type: "READ_ONLY_ADMIN",
  });
  expect(role.status, JSON.stringify(role.json)).toBe(200);

  // The Worker as the Cloudflare provider uploads it, with the bindings the stack computes.
  const workerName = defaultWorkerName("oktaplane", "dev");
  const bindings = planBindings({
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: clientId,
    OKTA_PRIVATE_KEY: key.privateKeyPem,
    OKTA_KEY_ID: key.kid,
    OKTA_DPOP: "false",
    EVENT_HOOK_AUTH_HEADER: "Authorization",
    EVENT_HOOK_SECRET: EVENT_SECRET,
    TELEPHONY_AUTH_HEADER: "x-telephony-key",
    TELEPHONY_SECRET,
    TWILIO_ACCOUNT_SID: seed.twilio!.accountSid,
    TWILIO_AUTH_TOKEN: seed.twilio!.authToken,
    TWILIO_VERIFY_SERVICE_SID: seed.twilio!.verifyServiceSid,
  }).map((b) => ({ name: b.name, type: b.type, text: b.value as string }));
  const upload = providerMultipart({
    scriptName: workerName,
    content: (await workerBundle()).code,
    mainModule: MAIN_MODULE,
    compatibilityDate: "2025-09-01",
    bindings,
  });
  const scripts = `${sims.cloudflare.baseUrl}accounts/${seed.cloudflare!.accountId}/workers/scripts/${workerName}`;
  const cfAuth = { authorization: `Bearer ${sims.cloudflare.apiToken}` };
  const put = await fetch(scripts, {
    method: "PUT",
    headers: { ...cfAuth, "content-type": upload.contentType },
    body: upload.body,
  });
  expect(put.status, await put.clone().text()).toBe(200);
  const sub = await fetch(`${scripts}/subdomain`, {
    method: "POST",
    headers: { ...cfAuth, "content-type": "application/json" },
    body: JSON.stringify({ enabled: true, previews_enabled: false }),
  });
  expect(sub.status).toBe(200);
  const urls = receiverUrls(
    resolveRoute({ workersDevSubdomain: seed.cloudflare!.workersDevSubdomain! }),
    workerName,
  );

  // The event hook, verified as okta.EventHookVerification does, and the telephony hook.
  const hook = await okta("POST", "/api/v1/eventHooks", {
    name: "oktaplane dev events",
    events: { type: "EVENT_TYPE", items: ["user.authentication.auth_via_mfa"] },
    channel: {
      type: "HTTP",
      version: "1.0.0",
      config: {
        uri: urls.eventsUrl,
        headers: [],
        authScheme: { type: "HEADER", key: "Authorization", value: EVENT_SECRET },
      },
    },
  });
  expect(hook.status, JSON.stringify(hook.json)).toBe(200);
  outputs("okta:index/eventHook:EventHook", "hooks-event-hook", hook.json.id);
  const verified = await okta("POST", `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`);
  expect(verified.status, JSON.stringify(verified.json)).toBe(200);
  const inline = await okta(
    "POST",
    "/api/v1/inlineHooks",
    telephonyHookBody(
      urls.telephonyUrl,
      { key: "x-telephony-key", value: TELEPHONY_SECRET },
      { name: "oktaplane dev telephony", status: "ACTIVE" },
    ),
  );
  expect(inline.status, JSON.stringify(inline.json)).toBe(200);
  outputs("okta:inline/hook:Hook", "twilio-telephony", inline.json.id);
}, 120_000);

afterAll(async () => {
  await sims?.close();
});

describe("the rehearsal's simulators, wired together", () => {
  it("seed the org from the stack: the connector API token and the round trip's user", () => {
    expect(seed.apiToken?.value).toMatch(/^00[0-9A-Za-z]{40}$/);
    expect(seed.cloudflare).toEqual({
      accountId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      workersDevSubdomain: "acme-dev",
    });
    expect(seed.twilio?.accountSid).toBe("AC0123456789abcdef0123456789abcdef");
  });

  it("run the hook round trip: verification reached the Worker, one code sent through Twilio, one event fed back", async () => {
    const report = await runRoundTrip({
      sims,
      seed,
      orgUrl,
      deployed,
      upCalls: sims.okta.recorder.calls,
      feedbackWaitMs: 15_000,
    });
    expect(report).toMatchObject({
      ran: true,
      verification: { ok: true, status: 200 },
      telephony: { ok: true, status: 200, codesSent: 1 },
      feedback: { ok: true, status: 200, approved: 1 },
      ok: true,
    });
    const verification = sims.twilio.verifications().at(-1)!;
    expect(verification).toMatchObject({ to: seed.user.mobilePhone, status: "approved" });
    // The Worker fed back as its own service app: a token, then the user's profile.
    const workerCalls = sims.okta.recorder.calls.filter((c) => c.caller !== "sim-deployer");
    expect(workerCalls.map((c) => c.operation)).toEqual(
      expect.arrayContaining(["token", "getUser"]),
    );
  });

  it("edit an app behind the stack's back, as the Admin Console would, and list apps with their keys", () => {
    const edit = sims.okta.editAppLabel(appId)!;
    expect(edit).toEqual({
      resource: "okta:app/oAuth:OAuth",
      id: appId,
      field: "label",
      from: "oktaplane dev hook receiver",
      to: "oktaplane dev hook receiver (edited in the console)",
    });
    const live = sims.okta.apps().find((a) => a.id === appId)!;
    expect(live.label).toBe(edit.to);
    expect(live.kids).toHaveLength(1);
    expect(sims.okta.editAppLabel("0oaNoSuchApp00000000")).toBeUndefined();
  });

  it("issue the deployer a token with the given admin roles, which Okta enforces beside the scopes", async () => {
    const weak = await sims.okta.issueToken(["okta.apps.manage"], "deployer", ["READ_ONLY_ADMIN"]);
    const res = await fetch(`${sims.okta.url}/api/v1/apps`, {
      method: "POST",
      headers: { authorization: `Bearer ${weak}`, "content-type": "application/json" },
      body: JSON.stringify(
        serviceAppBody("read-only deployer", (await generateRs256Key()).publicJwk),
      ),
    });
    expect(res.status).toBe(403);
    expect(sims.okta.recorder.calls.at(-1)).toMatchObject({
      operation: "createApplication",
      status: 403,
      errorCode: "E0000006",
    });
  });

  it("know Okta's published limit of each bucket the simulator counts", () => {
    const buckets = new Set(sims.okta.recorder.calls.flatMap((c) => (c.bucket ? [c.bucket] : [])));
    expect(buckets.has("api/v1/apps")).toBe(true);
    expect(sims.okta.bucketLimit("api/v1/apps")).toBe(100);
    expect(sims.okta.bucketLimit("api/v1/apps/{id}")).toBe(600);
    expect(sims.okta.bucketLimit("nope")).toBeUndefined();
  });
});
