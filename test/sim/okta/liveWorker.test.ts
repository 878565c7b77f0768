// The three simulators together, as a deploy leaves them: the real hook receiver uploaded to the
// Cloudflare simulator (workerd, at the stack's workers.dev hostname), Okta's simulator reaching
// it through the Cloudflare simulator's edge. Event hook verification gets the live Worker's echo;
// an OTP Okta sends through the telephony hook reaches the Twilio simulator as one verification.
// Not proven: real TLS, DNS or Okta's own timing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIN_MODULE, workerBundle } from "../../../components/hookReceiver";
import { receiverUrls, resolveRoute, type ReceiverUrls } from "../../../components/hookUrls";
import { planBindings } from "../../../components/workerBindings";
import { startCloudflareSim, type CloudflareSim } from "../../../sim/cloudflare/index";
import { startOktaSim, type OktaSim } from "../../../sim/okta";
import { startTwilioSim, type TwilioSim } from "../../../sim/twilio/index";
import { cf, uploadScript } from "../cloudflare/support/provider";
import { call, telephonyHookBody } from "./support";

const WORKER = "oktaplane-dev-hooks";
const EVENT_SECRET = "Basic ZXZlbnQtaG9vay1zZWNyZXQtZm9yLXRlc3Rz";
const TELEPHONY_SECRET = "telephony-secret-0123456789abcdef";

let twilio: TwilioSim;
let cloudflare: CloudflareSim;
let okta: OktaSim;
let urls: ReceiverUrls;
let token: string;

beforeAll(async () => {
  twilio = await startTwilioSim();
  cloudflare = await startCloudflareSim({ upstreams: { "https://verify.twilio.com": twilio.url } });
  okta = await startOktaSim({ outboundFetch: cloudflare.fetchForHost, checkResponses: true });
  const jose = await import("jose");
  const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
  // The bindings the stack declares, through the component's own planner.
  const bindings = planBindings({
    OKTA_ORG_URL: okta.url,
    OKTA_CLIENT_ID: "0oaworker00000000001",
    OKTA_PRIVATE_KEY: await jose.exportPKCS8(privateKey),
    OKTA_KEY_ID: "worker-key",
    OKTA_DPOP: "false",
    EVENT_HOOK_AUTH_HEADER: "Authorization",
    EVENT_HOOK_SECRET: EVENT_SECRET,
    TELEPHONY_AUTH_HEADER: "x-telephony-key",
    TELEPHONY_SECRET,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_VERIFY_SERVICE_SID: twilio.serviceSid,
  }).map((b) => ({ name: b.name, type: b.type, text: b.value as string }));
  const uploaded = await uploadScript(cloudflare, {
    scriptName: WORKER,
    content: (await workerBundle()).code,
    mainModule: MAIN_MODULE,
    compatibilityDate: "2025-09-01",
    bindings,
  });
  expect(uploaded.status, uploaded.text).toBe(200);
  await cf(
    cloudflare,
    "POST",
    `accounts/${cloudflare.accountId}/workers/scripts/${WORKER}/subdomain`,
    {
      enabled: true,
      previews_enabled: false,
    },
  );
  urls = receiverUrls(
    resolveRoute({ workersDevSubdomain: cloudflare.state.accountSubdomain! }),
    WORKER,
  );
  token = okta.issueToken({ scopes: ["okta.eventHooks.manage", "okta.inlineHooks.manage"] });
});
afterAll(async () => {
  await okta?.close();
  await cloudflare?.close();
  await twilio?.close();
});

describe("Okta's simulator against the live Worker", () => {
  it("verifies an event hook at the stack's workers.dev URL, and not with a wrong secret", async () => {
    const hook = (secret: string) => ({
      name: `events ${secret.length}`,
      events: { type: "EVENT_TYPE", items: ["user.authentication.auth_via_mfa"] },
      channel: {
        type: "HTTP",
        version: "1.0.0",
        config: {
          uri: urls.eventsUrl,
          headers: [],
          authScheme: { type: "HEADER", key: "Authorization", value: secret },
        },
      },
    });
    const good = await call(okta, "POST", "/api/v1/eventHooks", {
      token,
      body: hook(EVENT_SECRET),
    });
    const verified = await call(
      okta,
      "POST",
      `/api/v1/eventHooks/${good.json.id}/lifecycle/verify`,
      { token },
    );
    expect(verified.json.verificationStatus).toBe("VERIFIED");
    const bad = await call(okta, "POST", "/api/v1/eventHooks", {
      token,
      body: hook("Basic d3Jvbmc="),
    });
    const refused = await call(okta, "POST", `/api/v1/eventHooks/${bad.json.id}/lifecycle/verify`, {
      token,
    });
    expect(refused.json.errorCauses[0].errorSummary).toMatch(/HTTP 401/);
    expect(okta.responseProblems.splice(0)).toEqual([]);
  });

  it("sends an OTP through the telephony hook: the Worker creates one Twilio verification with Okta's code", async () => {
    const hook = await call(okta, "POST", "/api/v1/inlineHooks", {
      token,
      body: telephonyHookBody(urls.telephonyUrl, {
        key: "x-telephony-key",
        value: TELEPHONY_SECRET,
      }),
    });
    expect(hook.status).toBe(200);
    const delivery = await okta.deliverOtp({ phoneNumber: "+15005550006", otpCode: "482913" });
    expect(delivery).toMatchObject({ outcome: "hook", status: 200 });
    expect(twilio.state.verifications).toHaveLength(1);
    const [verification] = twilio.state.verifications;
    expect(verification).toMatchObject({
      to: "+15005550006",
      channel: "sms",
      customCode: "482913",
    });
    expect(delivery.answer).toMatchObject({
      commands: [
        {
          type: "com.okta.telephony.action",
          value: [{ status: "SUCCESSFUL", transactionId: verification!.sid }],
        },
      ],
    });
  });
});
