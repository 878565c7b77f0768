// EventHook and TelephonyProvider under Pulumi's mock runtime, wired to HookReceivers: the exact
// Okta inputs (name, events, type, version, channel, auth), that every hook secret is secret,
// and that Okta is only asked to verify (or call) a receiver that already exists.
// Not proven here: that Okta accepts these values, that its verification GET succeeds against
// the deployed Worker, or that the engine honours replacementTrigger (see docs/HOOKS.md).

import { beforeAll, describe, expect, test } from "vitest";
import { EventHook } from "../../components/eventHook";
import { HookReceiver } from "../../components/hookReceiver";
import { TelephonyProvider } from "../../components/telephonyProvider";
import { fakePassword, reveal, startMockRuntime, type MockRuntime } from "./support/mockRuntime";
import { inspect } from "../helpers/outputs";
import { ACCOUNT_ID, ZONE_ID, oktaArgs, twilioArgs } from "./support/receiverArgs";

const T = {
  eventHook: "okta:index/eventHook:EventHook",
  verification: "okta:index/eventHookVerification:EventHookVerification",
  inlineHook: "okta:inline/hook:Hook",
  authenticator: "okta:index/authenticator:Authenticator",
  script: "cloudflare:index/workersScript:WorkersScript",
  subdomain: "cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain",
  domain: "cloudflare:index/workersCustomDomain:WorkersCustomDomain",
  dynamic: "pulumi-nodejs:dynamic:Resource",
} as const;

let rt: MockRuntime;
let receiver: HookReceiver;
let edge: HookReceiver;
let feedback: EventHook;
let twilio: TelephonyProvider;
let standby: TelephonyProvider;

beforeAll(async () => {
  rt = await startMockRuntime("oktaplane", "prod");
  // The components register nothing at import: constructing them after setMocks is enough.

  receiver = new HookReceiver("hooks", {
    cloudflareAccountId: ACCOUNT_ID,
    workersDevSubdomain: "acme",
    compatibilityDate: "2025-09-01",
    okta: oktaArgs(),
    twilio: twilioArgs(),
  });
  edge = new HookReceiver("edge", {
    cloudflareAccountId: ACCOUNT_ID,
    workerName: "acme-edge-hooks",
    customDomain: { zoneId: ZONE_ID, hostname: "hooks.acme.example" },
    compatibilityDate: "2025-09-01",
    okta: oktaArgs(),
    twilio: twilioArgs(),
    eventHookAuthHeader: "x-okta-event-key",
  });
  const legacy = new HookReceiver("legacy", {
    externalUrl: "https://receiver.acme.example",
    compatibilityDate: "2025-09-01",
  });

  feedback = new EventHook("twilio-feedback", { target: receiver.eventHookTarget });
  new EventHook("edge-audit", {
    target: edge.eventHookTarget,
    displayName: "Edge audit",
    events: ["user.lifecycle.deactivate"],
  });
  new EventHook("legacy-feedback", { target: legacy.eventHookTarget });
  // A target assembled by hand with a plain secret: the component must still make it secret.
  new EventHook("hand-wired", {
    target: {
      uri: "https://h.example.com/okta/events",
      authHeader: "Authorization",
      secret: "plain-secret-value",
    },
  });

  twilio = new TelephonyProvider("twilio-verify", {
    target: receiver.telephonyTarget,
    phoneAuthenticator: { allowedFor: "any" },
  });
  standby = new TelephonyProvider("standby", {
    target: {
      uri: "https://h.example.com/okta/telephony",
      authHeader: "x-telephony-key",
      secret: "plain-secret-value",
    },
    status: "INACTIVE",
    displayName: "Standby telephony",
  });
  await rt.settle();
});

const urnOf = (type: string, name: string) => rt.get(type, name).urn;

describe("EventHook", () => {
  test("declares the Okta hook: name always set, default events, HTTP channel to the receiver's eventsUrl", async () => {
    const { inputs } = rt.get(T.eventHook, "twilio-feedback-hook");
    const eventsUrl = (await inspect(receiver.eventsUrl)).value;
    expect(eventsUrl).toBe("https://oktaplane-prod-hooks.acme.workers.dev/okta/events");
    expect(inputs["name"]).toBe("oktaplane-prod-twilio-feedback");
    expect(inputs["status"]).toBe("ACTIVE");
    expect(inputs["events"]).toEqual([
      "user.authentication.auth_via_mfa",
      "user.mfa.factor.activate",
    ]);
    expect(reveal(inputs["channel"])).toEqual({
      secret: false,
      value: { type: "HTTP", version: "1.0.0", uri: eventsUrl },
    });
  });

  test("HEADER auth carries the receiver's event hook secret, and the whole auth map is secret", async () => {
    const { inputs } = rt.get(T.eventHook, "twilio-feedback-hook");
    const secret = await inspect(receiver.eventHookSecret);
    expect(secret.value).toBe(fakePassword("hooks-event-hook-secret", 48));
    expect(reveal(inputs["auth"])).toEqual({
      secret: true,
      value: { type: "HEADER", key: "Authorization", value: secret.value },
    });
  });

  test("a hand-wired plain secret is made secret by the component", () => {
    expect(reveal(rt.get(T.eventHook, "hand-wired-hook").inputs["auth"])).toEqual({
      secret: true,
      value: { type: "HEADER", key: "Authorization", value: "plain-secret-value" },
    });
  });

  test("display name, events and header name follow the arguments and the receiver", () => {
    const { inputs } = rt.get(T.eventHook, "edge-audit-hook");
    expect(inputs["name"]).toBe("Edge audit");
    expect(inputs["events"]).toEqual(["user.lifecycle.deactivate"]);
    expect(reveal(inputs["channel"]).value).toMatchObject({
      uri: "https://hooks.acme.example/okta/events",
    });
    expect(reveal(inputs["auth"]).value).toMatchObject({ key: "x-okta-event-key" });
  });

  test("verification waits for the hook, the Worker script and its workers.dev route", () => {
    const verification = rt.get(T.verification, "twilio-feedback-verification");
    expect(verification.inputs).toEqual({ eventHookId: "twilio-feedback-hook-id" });
    expect(verification.dependencies).toEqual(
      expect.arrayContaining([
        urnOf(T.eventHook, "twilio-feedback-hook"),
        urnOf(T.script, "hooks-worker"),
        urnOf(T.subdomain, "hooks-workers-dev"),
      ]),
    );
  });

  test("with a custom domain, verification also waits for the domain", () => {
    expect(rt.get(T.verification, "edge-audit-verification").dependencies).toEqual(
      expect.arrayContaining([urnOf(T.script, "edge-worker"), urnOf(T.domain, "edge-domain")]),
    );
  });

  test("with a custom domain, verification waits until the receiver answers Okta's challenge, within a bound", async () => {
    // Okta verifies once, on create; a new custom domain's certificate may still be pending
    // then. The readiness check makes Okta's own call first, retrying for up to 10 minutes.
    const ready = rt.get(T.dynamic, "edge-audit-receiver-ready");
    const { __provider: _p, ...inputs } = ready.inputs;
    void _p;
    expect({ ...inputs, secret: reveal(inputs["secret"]) }).toEqual({
      kind: "hook-endpoint-ready",
      uri: "https://hooks.acme.example/okta/events",
      authHeader: "x-okta-event-key",
      secret: { secret: true, value: (await inspect(edge.eventHookSecret)).value },
      timeoutSeconds: 600,
      intervalSeconds: 10,
    });
    expect(ready.dependencies).toEqual(
      expect.arrayContaining([urnOf(T.script, "edge-worker"), urnOf(T.domain, "edge-domain")]),
    );
    expect(rt.get(T.verification, "edge-audit-verification").dependencies).toContain(ready.urn);
  });

  test("with an external receiver, verification waits for the hook and for the receiver's answer", () => {
    expect(rt.get(T.verification, "legacy-feedback-verification").dependencies.toSorted()).toEqual(
      [
        urnOf(T.eventHook, "legacy-feedback-hook"),
        urnOf(T.dynamic, "legacy-feedback-receiver-ready"),
      ].sort(),
    );
  });

  test("a new URL or header name re-runs verification (replacement trigger)", () => {
    expect(rt.get(T.verification, "twilio-feedback-verification").replacementTrigger).toBe(
      "https://oktaplane-prod-hooks.acme.workers.dev/okta/events Authorization",
    );
  });

  test("verifiedHookId resolves to the hook's id", async () => {
    expect((await inspect(feedback.verifiedHookId)).value).toBe("twilio-feedback-hook-id");
  });
});

describe("TelephonyProvider", () => {
  test("declares the telephony inline hook: type, version, ACTIVE, POST to the receiver's telephonyUrl", async () => {
    const { inputs } = rt.get(T.inlineHook, "twilio-verify-hook");
    const telephonyUrl = (await inspect(receiver.telephonyUrl)).value;
    expect(telephonyUrl).toBe("https://oktaplane-prod-hooks.acme.workers.dev/okta/telephony");
    expect(inputs).toMatchObject({
      name: "oktaplane-prod-twilio-verify",
      type: "com.okta.telephony.provider",
      version: "1.0.0",
      status: "ACTIVE",
    });
    expect(reveal(inputs["channel"])).toEqual({
      secret: false,
      value: { type: "HTTP", version: "1.0.0", uri: telephonyUrl, method: "POST" },
    });
  });

  test("HEADER auth x-telephony-key carries the receiver's telephony secret, whole auth map secret", async () => {
    const secret = await inspect(receiver.telephonySecret);
    expect(secret).toMatchObject({
      secret: true,
      value: fakePassword("hooks-telephony-secret", 48),
    });
    expect(reveal(rt.get(T.inlineHook, "twilio-verify-hook").inputs["auth"])).toEqual({
      secret: true,
      value: { type: "HEADER", key: "x-telephony-key", value: secret.value },
    });
  });

  test("the hook waits for the Worker, so an ACTIVE hook never points at nothing", () => {
    expect(rt.get(T.inlineHook, "twilio-verify-hook").dependencies).toEqual(
      expect.arrayContaining([
        urnOf(T.script, "hooks-worker"),
        urnOf(T.subdomain, "hooks-workers-dev"),
      ]),
    );
  });

  test("phone authenticator: key phone_number, allowedFor, after the hook, kept on destroy", () => {
    const phone = rt.get(T.authenticator, "twilio-verify-phone");
    expect(phone.inputs).toEqual({
      key: "phone_number",
      name: "Phone",
      status: "ACTIVE",
      settings: JSON.stringify({ allowedFor: "any" }),
    });
    expect(phone.dependencies).toContain(urnOf(T.inlineHook, "twilio-verify-hook"));
    expect(phone.retainOnDelete).toBe(true);
    expect(twilio.phoneAuthenticator).toBeDefined();
  });

  test("without phoneAuthenticator the org's phone authenticator is left alone", () => {
    expect(rt.ofType(T.authenticator).map((r) => r.name)).toEqual(["twilio-verify-phone"]);
    expect(standby.phoneAuthenticator).toBeUndefined();
  });

  test("status, display name and a plain hand-wired secret (made secret) follow the arguments", () => {
    const { inputs } = rt.get(T.inlineHook, "standby-hook");
    expect(inputs).toMatchObject({ name: "Standby telephony", status: "INACTIVE" });
    expect(reveal(inputs["auth"])).toEqual({
      secret: true,
      value: { type: "HEADER", key: "x-telephony-key", value: "plain-secret-value" },
    });
  });
});

test("no hook secret reaches any registration outside a secret container", async () => {
  const secrets = [
    (await inspect(receiver.eventHookSecret)).value!,
    (await inspect(receiver.telephonySecret)).value!,
    (await inspect(edge.eventHookSecret)).value!,
    "plain-secret-value",
  ];
  // Walk every input, skipping subtrees that are secret: whatever is left is stored in clear.
  const clear = (value: unknown): string[] => {
    if (reveal(value).secret) return [];
    if (typeof value === "string") return [value];
    if (value !== null && typeof value === "object") return Object.values(value).flatMap(clear);
    return [];
  };
  for (const reg of rt.registrations) {
    for (const text of clear(reg.inputs)) {
      for (const s of secrets) expect(text, `${reg.type} ${reg.name}`).not.toContain(s);
    }
  }
});
