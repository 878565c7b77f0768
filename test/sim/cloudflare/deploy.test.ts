// The Cloudflare simulator runs what the provider uploads: the real receiver bundle (built as
// components/hookReceiver.ts builds it, with its bindings) answers Okta's calls at the hostname
// the stack computes, reaches the Twilio simulator, and is read back as the provider reads it.
// One workerd per script for the whole file (workerd is slow to start). Not proven here: that the
// real provider's bytes match these (support/provider.ts reproduces its source), or real TLS.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_MODULE, workerBundle } from "../../../components/hookReceiver";
import { receiverUrls, resolveRoute } from "../../../components/hookUrls";
import { planBindings } from "../../../components/workerBindings";
import { startCloudflareSim, type CloudflareSim } from "../../../sim/cloudflare/index";
import { simClock } from "../../../sim/shared/clock";
import { startTwilioSim, type TwilioSim } from "../../../sim/twilio/index";
import { fixture } from "../../worker/support/fixtures";
import {
  cf,
  firstError,
  uploadScript,
  type ProviderBinding,
  type ProviderScript,
} from "./support/provider";

const WORKER = "oktaplane-dev-hooks";
const DATE = "2025-09-01";
const CHALLENGE = "X7n4XvF5kKx3mWFpq9dAE4cYR9d0QuHb2gtd0UB0zDk";
const EVENT_SECRET = "Basic ZXZlbnQtaG9vay1zZWNyZXQtZm9yLXRlc3Rz";
const TELEPHONY_SECRET = "telephony-secret-0123456789abcdef";

let cloudflare: CloudflareSim;
let twilio: TwilioSim;
let script: ProviderScript;
const clock = simClock();

/** The bindings the stack declares, through the component's own planner (worker/env.ts table). */
async function stackBindings(overrides: Record<string, string> = {}): Promise<ProviderBinding[]> {
  const jose = await import("jose");
  const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
  const planned = planBindings({
    OKTA_ORG_URL: "https://dev-123456.okta.com",
    OKTA_CLIENT_ID: "0oar95zt9zIpYuz6A0h7",
    OKTA_PRIVATE_KEY: await jose.exportPKCS8(privateKey),
    OKTA_KEY_ID: "my_key_id",
    OKTA_DPOP: "false",
    EVENT_HOOK_AUTH_HEADER: "Authorization",
    EVENT_HOOK_SECRET: EVENT_SECRET,
    TELEPHONY_AUTH_HEADER: "x-telephony-key",
    TELEPHONY_SECRET,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_VERIFY_SERVICE_SID: twilio.serviceSid,
    ...overrides,
  });
  return planned.map((b) => ({ name: b.name, type: b.type, text: b.value as string }));
}

const urls = () =>
  receiverUrls(resolveRoute({ workersDevSubdomain: cloudflare.state.accountSubdomain! }), WORKER);
const verification = (url: string, secret = EVENT_SECRET) =>
  cloudflare.fetchForHost(url, {
    headers: { authorization: secret, "x-okta-verification-challenge": CHALLENGE },
  });

beforeAll(async () => {
  twilio = await startTwilioSim();
  cloudflare = await startCloudflareSim({
    clock,
    certificatePendingMs: 60_000,
    // The stack sets no TWILIO_API_BASE: the Worker calls Twilio itself, answered by the simulator.
    upstreams: { "https://verify.twilio.com": twilio.url },
  });
  script = {
    scriptName: WORKER,
    content: (await workerBundle()).code,
    mainModule: MAIN_MODULE,
    compatibilityDate: DATE,
    bindings: await stackBindings(),
  };
  const uploaded = await uploadScript(cloudflare, script);
  expect(uploaded.status, uploaded.text).toBe(200);
  const subdomain = await cf(
    cloudflare,
    "POST",
    `accounts/${cloudflare.accountId}/workers/scripts/${WORKER}/subdomain`,
    {
      enabled: true,
      previews_enabled: false,
    },
  );
  expect(subdomain.json.result).toEqual({ enabled: true, previews_enabled: false });
});
afterAll(async () => {
  await cloudflare?.close();
  await twilio?.close();
});

describe("an uploaded script really runs", () => {
  it("answers Okta's event-hook verification at the stack's workers.dev URL, and only with the secret", async () => {
    const { eventsUrl } = urls();
    expect(new URL(eventsUrl).hostname).toBe(`${WORKER}.oktaplane-sim.workers.dev`);
    const res = await verification(eventsUrl);
    expect([res.status, await res.json()]).toEqual([200, { verification: CHALLENGE }]);
    expect((await verification(eventsUrl, "Basic wrong")).status).toBe(401);
    expect(cloudflare.localUrl(new URL(eventsUrl).hostname)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cloudflare.recorder.calls.map((c) => [c.operation, c.status])).toEqual([
      ["uploadScript", 200],
      ["putScriptSubdomain", 200],
    ]);
  });

  it("a telephony hook request reaches the Twilio simulator: one verification, Okta's OTP as CustomCode", async () => {
    const request = fixture<{
      data: { messageProfile: { otpCode: string; phoneNumber: string } };
    }>("okta-telephony-hook-request.json");
    // Okta's sample number (987…) is not a valid US number, and the Worker sends nothing to a
    // number without + that is not valid in its default region (docs/WORKER.md): use a valid one.
    request.data.messageProfile.phoneNumber = "2015550123";
    const res = await cloudflare.fetchForHost(urls().telephonyUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telephony-key": TELEPHONY_SECRET },
      body: JSON.stringify(request),
    });
    const [verificationMade] = twilio.state.verifications;
    expect(twilio.state.verifications).toHaveLength(1);
    expect(verificationMade).toMatchObject({
      to: "+12015550123",
      channel: "sms",
      status: "pending",
    });
    expect(verificationMade!.customCode).toBe(request.data.messageProfile.otpCode);
    expect([res.status, await res.json()]).toEqual([
      200,
      {
        commands: [
          {
            type: "com.okta.telephony.action",
            value: [
              {
                status: "SUCCESSFUL",
                provider: "Twilio Verify",
                transactionId: verificationMade!.sid,
                transactionMetadata: verificationMade!.sendCodeAttempts[0]!.attempt_sid,
              },
            ],
          },
        ],
      },
    ]);
    expect(twilio.recorder.calls.map((c) => [c.operation, c.status, c.caller])).toEqual([
      ["CreateVerification", 201, twilio.accountSid],
    ]);
    // The Worker's own log lines are kept per script, and carry neither the OTP nor a secret.
    const logs = cloudflare.logs(WORKER).map((l) => l.message);
    expect(logs.some((l) => l.includes('"msg":"telephony.sent"'))).toBe(true);
    for (const forbidden of [
      request.data.messageProfile.otpCode,
      TELEPHONY_SECRET,
      twilio.authToken,
    ]) {
      expect(logs.join("\n")).not.toContain(forbidden);
    }
  });
});

describe("reads as the provider's Read makes them", () => {
  it("services, settings and content/v2: secret_text bindings come back without their text", async () => {
    const base = `accounts/${cloudflare.accountId}/workers`;
    const service = await cf(cloudflare, "GET", `${base}/services/${WORKER}`);
    const settings = await cf(cloudflare, "GET", `${base}/scripts/${WORKER}/settings`);
    const content = await cf(cloudflare, "GET", `${base}/scripts/${WORKER}/content/v2`);
    expect(service.json).toMatchObject({
      success: true,
      result: {
        id: WORKER,
        default_environment: {
          script: { id: WORKER, has_modules: true, compatibility_date: DATE },
        },
      },
    });
    const bindings = (settings.json.result as { bindings: Record<string, unknown>[] }).bindings;
    for (const b of script.bindings) {
      expect(bindings).toContainEqual(
        b.type === "secret_text" ? { name: b.name, type: b.type } : b,
      );
    }
    expect(bindings).toHaveLength(script.bindings.length);
    expect(content.text).toBe(script.content);
    const secrets = script.bindings.filter((b) => b.type === "secret_text").map((b) => b.text);
    expect(secrets).toHaveLength(4);
    for (const text of [
      service.text,
      settings.text,
      JSON.stringify(cloudflare.state.scripts.get(WORKER)),
      inspect(cloudflare.state, { depth: 8 }),
    ]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe("custom domain", () => {
  it("is attached at once but served only when its certificate is active; before, TLS fails", async () => {
    const zone = cloudflare.state.zones[0]!;
    const hostname = `hooks.${zone.name}`;
    const attached = await cf(
      cloudflare,
      "PUT",
      `accounts/${cloudflare.accountId}/workers/domains`,
      {
        hostname,
        service: WORKER,
        zone_id: zone.id,
        environment: "production",
      },
    );
    expect(attached.json.result).toMatchObject({
      hostname,
      service: WORKER,
      zone_id: zone.id,
      zone_name: zone.name,
    });
    const { eventsUrl } = receiverUrls(
      resolveRoute({ customDomain: { zoneId: zone.id, hostname } }),
      WORKER,
    );
    const early = await verification(eventsUrl).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(TypeError);
    expect((early as TypeError).cause).toMatchObject({
      code: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
    });
    expect(cloudflare.localUrl(hostname)).toBeUndefined();

    clock.advance(60_000);
    const res = await verification(eventsUrl);
    expect([res.status, await res.json()]).toEqual([200, { verification: CHALLENGE }]);
    expect(
      cloudflare
        .hosts()
        .map((h) => h.hostname)
        .sort(),
    ).toEqual([hostname, `${WORKER}.oktaplane-sim.workers.dev`].sort());
    const id = (attached.json.result as { id: string }).id;
    const read = await cf(
      cloudflare,
      "GET",
      `accounts/${cloudflare.accountId}/workers/domains/${id}`,
    );
    expect(read.json.result).toEqual(attached.json.result);
  });
});

describe("uploading again", () => {
  it("replaces the running Worker; a version that fails to start is refused (10021) and the old one keeps serving", async () => {
    const rotated = "Basic cm90YXRlZC1ldmVudC1ob29rLXNlY3JldA==";
    const next = { ...script, bindings: await stackBindings({ EVENT_HOOK_SECRET: rotated }) };
    expect((await uploadScript(cloudflare, next)).status).toBe(200);
    expect((await verification(urls().eventsUrl)).status).toBe(401);
    expect((await verification(urls().eventsUrl, rotated)).status).toBe(200);

    const broken = await uploadScript(cloudflare, {
      ...next,
      content: "export default { fetch( }",
    });
    expect(broken.status).toBe(400);
    expect(firstError(broken)).toMatchObject({
      code: 10021,
      message: expect.stringMatching(/^Uncaught SyntaxError/),
    });
    expect((await verification(urls().eventsUrl, rotated)).status).toBe(200);
  });

  it("a Worker calling an origin without an upstream gets a 502 naming it; nothing reaches the internet", async () => {
    const probe: ProviderScript = {
      scriptName: "outbound-probe",
      mainModule: "probe.js",
      compatibilityDate: DATE,
      bindings: [],
      content: `export default { async fetch() { const r = await fetch("https://api.example.net/x"); return new Response(r.status + " " + await r.text()); } }`,
    };
    expect((await uploadScript(cloudflare, probe)).status).toBe(200);
    await cf(
      cloudflare,
      "POST",
      `accounts/${cloudflare.accountId}/workers/scripts/outbound-probe/subdomain`,
      { enabled: true },
    );
    const res = await cloudflare.fetchForHost("https://outbound-probe.oktaplane-sim.workers.dev/");
    expect(await res.text()).toBe(
      '502 Cloudflare simulator: no upstream for https://api.example.net; pass upstreams: { "https://api.example.net": "http://127.0.0.1:PORT" }',
    );
  });
});

describe("turning things off", () => {
  it("workers.dev off: the hostname is not served (ENOTFOUND), the custom domain still is", async () => {
    await cf(
      cloudflare,
      "POST",
      `accounts/${cloudflare.accountId}/workers/scripts/${WORKER}/subdomain`,
      { enabled: false },
    );
    const off = await verification(urls().eventsUrl).catch((e: unknown) => e);
    expect((off as TypeError).cause).toMatchObject({ code: "ENOTFOUND" });
    expect((await verification(`https://hooks.example.com/okta/events`, "x")).status).toBe(401);
  });

  it("delete stops the Worker: its hostnames fail and its reads are 10007", async () => {
    const deleted = await cf(
      cloudflare,
      "DELETE",
      `accounts/${cloudflare.accountId}/workers/scripts/${WORKER}`,
    );
    expect(deleted.json).toEqual({ success: true, errors: [], messages: [], result: null });
    const gone = await verification("https://hooks.example.com/okta/events").catch(
      (e: unknown) => e,
    );
    expect((gone as TypeError).cause).toMatchObject({ code: "ENOTFOUND" });
    const read = await cf(
      cloudflare,
      "GET",
      `accounts/${cloudflare.accountId}/workers/scripts/${WORKER}/settings`,
    );
    expect([read.status, firstError(read)]).toEqual([
      404,
      { code: 10007, message: "This Worker does not exist on your account." },
    ]);
  });
});
