// HookReceiver under Pulumi's mock runtime: the exact inputs the engine would receive for the
// Worker script, its route and the generated secrets, in each of the three route variants.
// Not proven here: that Cloudflare accepts the upload or serves the route (the Worker itself is
// tested in workerd by test/worker), nor what RandomPassword generates (the mock stands in).

import { createHash } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { HookReceiver, workerBundle } from "../../components/hookReceiver";
import type { WorkerBundle } from "../../worker/build";
import { WORKER_BINDINGS } from "../../worker/env";
import {
  fakePassword,
  reveal,
  startMockRuntime,
  type MockRuntime,
  type Registration,
} from "./support/mockRuntime";
import { inspect } from "../helpers/outputs";
import {
  ACCOUNT_ID,
  PRIVATE_KEY_PEM,
  TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN,
  TWILIO_SERVICE_SID,
  ZONE_ID,
  oktaArgs,
  twilioArgs,
} from "./support/receiverArgs";

const T = {
  script: "cloudflare:index/workersScript:WorkersScript",
  subdomain: "cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain",
  domain: "cloudflare:index/workersCustomDomain:WorkersCustomDomain",
  dns: "cloudflare:index/dnsRecord:DnsRecord",
  password: "random:index/randomPassword:RandomPassword",
  receiver: "oktaplane:hooks:HookReceiver",
} as const;

let rt: MockRuntime;
let bundle: WorkerBundle;
let dev: HookReceiver;
let custom: HookReceiver;
let external: HookReceiver;

beforeAll(async () => {
  rt = await startMockRuntime("oktaplane", "dev");
  // Constructed after setMocks; one bundle for the whole file (cached per process).
  dev = new HookReceiver("hooks", {
    cloudflareAccountId: ACCOUNT_ID,
    workersDevSubdomain: "acme",
    compatibilityDate: "2025-09-01",
    okta: oktaArgs(),
    twilio: twilioArgs(),
  });
  custom = new HookReceiver("edge", {
    cloudflareAccountId: ACCOUNT_ID,
    workerName: "acme-okta-hooks",
    customDomain: { zoneId: ZONE_ID, hostname: "okta-hooks.acme.example" },
    compatibilityDate: "2025-10-15",
    okta: oktaArgs(),
    twilio: twilioArgs(),
    eventHookAuthHeader: "x-okta-event-key",
    telephonyAuthHeader: "x-okta-telephony-key",
    phoneDefaultRegion: "GB",
    telephonyDeadlineMs: 2000,
  });
  external = new HookReceiver("legacy", {
    externalUrl: "https://receiver.acme.example/okta-hooks/",
    compatibilityDate: "2025-09-01",
  });
  bundle = await workerBundle();
  await rt.settle();
});

const childrenOf = (name: string): Registration[] =>
  rt.registrations.filter((r) => r.parent.endsWith(`${T.receiver}::${name}`));

/** Bindings of a script as plain `{ name: { type, text } }`, after checking the array is secret. */
function bindingsOf(script: Registration): Record<string, { type: string; text: string }> {
  const { secret, value } = reveal(script.inputs["bindings"]);
  // Secret inputs arrive wrapped at the nearest container: the whole array.
  expect(secret).toBe(true);
  return Object.fromEntries(
    (value as { name: string; type: string; text: string }[]).map((b) => [
      b.name,
      { type: b.type, text: b.text },
    ]),
  );
}

describe("Worker script", () => {
  test("uploads the real bundle as an ES module under its main module name", () => {
    const { inputs } = rt.get(T.script, "hooks-worker");
    const content = inputs["content"] as string;
    expect(content).toBe(bundle.code);
    expect(createHash("sha256").update(content).digest("hex")).toBe(bundle.sha256);
    // The Worker's own routes and module default export are in what is uploaded.
    expect(content).toContain('"/okta/events"');
    expect(content).toContain('"/okta/telephony"');
    expect(content).toMatch(/export\s*\{[^}]*\bas default\b[^}]*\}/);
    expect(inputs).toMatchObject({ mainModule: "index.js", accountId: ACCOUNT_ID });
    expect(inputs["bodyPart"]).toBeUndefined(); // that would mean service-worker syntax
  });

  test("pins the compatibility date and script name from the arguments", () => {
    expect(rt.get(T.script, "hooks-worker").inputs).toMatchObject({
      scriptName: "oktaplane-dev-hooks",
      compatibilityDate: "2025-09-01",
    });
    expect(rt.get(T.script, "edge-worker").inputs).toMatchObject({
      scriptName: "acme-okta-hooks",
      compatibilityDate: "2025-10-15",
    });
  });

  test("binds every required Worker binding by name, with the table's type", () => {
    const bindings = bindingsOf(rt.get(T.script, "hooks-worker"));
    const expected = WORKER_BINDINGS.filter((b) => b.required);
    expect(Object.keys(bindings)).toEqual(expected.map((b) => b.name));
    for (const b of expected) expect(bindings[b.name]!.type).toBe(b.type);
  });

  test("optional bindings appear only when set", () => {
    const dev = bindingsOf(rt.get(T.script, "hooks-worker"));
    const edge = bindingsOf(rt.get(T.script, "edge-worker"));
    expect(dev["PHONE_DEFAULT_REGION"]).toBeUndefined();
    expect(edge["PHONE_DEFAULT_REGION"]).toEqual({ type: "plain_text", text: "GB" });
    expect(edge["TELEPHONY_DEADLINE_MS"]).toEqual({ type: "plain_text", text: "2000" });
    expect(edge["TWILIO_API_BASE"]).toBeUndefined(); // tests-only binding never deployed
  });

  test("binding values are the stack's values, and no secret sits in a plain_text binding", () => {
    const b = bindingsOf(rt.get(T.script, "hooks-worker"));
    const eventSecret = fakePassword("hooks-event-hook-secret", 48);
    const telephonySecret = fakePassword("hooks-telephony-secret", 48);
    expect(b).toEqual({
      OKTA_ORG_URL: { type: "plain_text", text: "https://dev-123456.okta.com" },
      OKTA_CLIENT_ID: { type: "plain_text", text: "0oa1receiverapp" },
      OKTA_PRIVATE_KEY: { type: "secret_text", text: PRIVATE_KEY_PEM },
      OKTA_KEY_ID: { type: "plain_text", text: "kid-receiver-1" },
      OKTA_DPOP: { type: "plain_text", text: "true" },
      EVENT_HOOK_AUTH_HEADER: { type: "plain_text", text: "Authorization" },
      EVENT_HOOK_SECRET: { type: "secret_text", text: eventSecret },
      TELEPHONY_AUTH_HEADER: { type: "plain_text", text: "x-telephony-key" },
      TELEPHONY_SECRET: { type: "secret_text", text: telephonySecret },
      TWILIO_ACCOUNT_SID: { type: "plain_text", text: TWILIO_ACCOUNT_SID },
      TWILIO_AUTH_TOKEN: { type: "secret_text", text: TWILIO_AUTH_TOKEN },
      TWILIO_VERIFY_SERVICE_SID: { type: "plain_text", text: TWILIO_SERVICE_SID },
    });
    const secrets = [PRIVATE_KEY_PEM, TWILIO_AUTH_TOKEN, eventSecret, telephonySecret];
    const plainTexts = Object.values(b).filter((x) => x.type === "plain_text");
    for (const { text } of plainTexts) for (const s of secrets) expect(text).not.toContain(s);
  });

  test("custom header names reach the Worker's bindings", () => {
    const b = bindingsOf(rt.get(T.script, "edge-worker"));
    expect(b["EVENT_HOOK_AUTH_HEADER"]!.text).toBe("x-okta-event-key");
    expect(b["TELEPHONY_AUTH_HEADER"]!.text).toBe("x-okta-telephony-key");
  });

  test("no other input of the script carries a secret", () => {
    const { inputs } = rt.get(T.script, "hooks-worker");
    const secretKeys = Object.entries(inputs)
      .filter(([, v]) => reveal(v).secret)
      .map(([k]) => k);
    expect(secretKeys).toEqual(["bindings"]);
  });
});

describe("generated header secrets", () => {
  test("one RandomPassword per hook: 48 characters, no specials, under the receiver", () => {
    for (const name of ["hooks-event-hook-secret", "hooks-telephony-secret"]) {
      const reg = rt.get(T.password, name);
      expect(reg.inputs).toEqual({ length: 48, special: false });
      expect(reg.parent).toMatch(/oktaplane:hooks:HookReceiver::hooks$/);
    }
  });

  test("are secret outputs, and the Worker binding is the same value (wired, not copied)", async () => {
    const event = await inspect(dev.eventHookSecret);
    const telephony = await inspect(dev.telephonySecret);
    expect(event).toMatchObject({
      secret: true,
      value: fakePassword("hooks-event-hook-secret", 48),
    });
    expect(telephony).toMatchObject({
      secret: true,
      value: fakePassword("hooks-telephony-secret", 48),
    });
    const b = bindingsOf(rt.get(T.script, "hooks-worker"));
    expect(b["EVENT_HOOK_SECRET"]!.text).toBe(event.value);
    expect(b["TELEPHONY_SECRET"]!.text).toBe(telephony.value);
  });

  test("header names are plain outputs with their defaults", async () => {
    expect(await inspect(dev.eventHookAuthHeader)).toMatchObject({
      secret: false,
      value: "Authorization",
    });
    expect(await inspect(dev.telephonyAuthHeader)).toMatchObject({
      secret: false,
      value: "x-telephony-key",
    });
  });
});

describe("routes", () => {
  test("workers.dev: URLs on <worker>.<subdomain>.workers.dev, workers.dev on, previews off", async () => {
    expect(await inspect(dev.url)).toMatchObject({
      value: "https://oktaplane-dev-hooks.acme.workers.dev",
      secret: false,
    });
    expect((await inspect(dev.eventsUrl)).value).toBe(
      "https://oktaplane-dev-hooks.acme.workers.dev/okta/events",
    );
    expect((await inspect(dev.telephonyUrl)).value).toBe(
      "https://oktaplane-dev-hooks.acme.workers.dev/okta/telephony",
    );
    expect(rt.get(T.subdomain, "hooks-workers-dev").inputs).toEqual({
      accountId: ACCOUNT_ID,
      scriptName: "oktaplane-dev-hooks",
      enabled: true,
      previewsEnabled: false,
    });
    expect(
      childrenOf("hooks")
        .map((r) => r.type)
        .sort(),
    ).toEqual([T.password, T.password, T.script, T.subdomain].sort());
  });

  test("custom domain: a WorkersCustomDomain for the zone and hostname, workers.dev off, no DNS record", async () => {
    expect(rt.get(T.domain, "edge-domain").inputs).toEqual({
      accountId: ACCOUNT_ID,
      zoneId: ZONE_ID,
      hostname: "okta-hooks.acme.example",
      service: "acme-okta-hooks",
    });
    expect(rt.get(T.subdomain, "edge-workers-dev").inputs).toMatchObject({
      enabled: false,
      previewsEnabled: false,
    });
    // The custom domain creates its own DNS record; a second one would conflict.
    expect(rt.ofType(T.dns)).toEqual([]);
    expect((await inspect(custom.eventsUrl)).value).toBe(
      "https://okta-hooks.acme.example/okta/events",
    );
    expect((await inspect(custom.telephonyUrl)).value).toBe(
      "https://okta-hooks.acme.example/okta/telephony",
    );
  });

  test("custom domain and subdomain settings wait for the script (they name it by its output)", () => {
    const script = rt.get(T.script, "edge-worker").urn;
    expect(rt.get(T.domain, "edge-domain").dependencies).toContain(script);
    expect(rt.get(T.subdomain, "edge-workers-dev").dependencies).toContain(script);
  });

  test("externalUrl: no Cloudflare resource, URLs under the given base, secrets still generated", async () => {
    expect(childrenOf("legacy").map((r) => r.type)).toEqual([T.password, T.password]);
    expect(external.script).toBeUndefined();
    expect(external.ready).toEqual([]);
    expect((await inspect(external.eventsUrl)).value).toBe(
      "https://receiver.acme.example/okta-hooks/okta/events",
    );
    expect((await inspect(external.telephonyUrl)).value).toBe(
      "https://receiver.acme.example/okta-hooks/okta/telephony",
    );
    expect((await inspect(external.telephonySecret)).secret).toBe(true);
  });

  test("ready holds the script and its route, which the Okta hooks wait for", () => {
    expect(dev.ready.map((r) => r.constructor.name)).toEqual([
      "WorkersScript",
      "WorkersScriptSubdomain",
    ]);
    expect(custom.ready.map((r) => r.constructor.name)).toEqual([
      "WorkersScript",
      "WorkersScriptSubdomain",
      "WorkersCustomDomain",
    ]);
    expect(dev.eventHookTarget.dependsOn).toBe(dev.ready);
    expect(dev.telephonyTarget.dependsOn).toBe(dev.ready);
  });
});

test("bad arguments fail before any child resource is declared", async () => {
  expect(
    () =>
      new HookReceiver("broken", {
        workersDevSubdomain: "acme",
        externalUrl: "https://x.example.com",
        compatibilityDate: "2025-09-01",
      }),
  ).toThrow("set exactly one of workersDevSubdomain, customDomain or externalUrl");
  await rt.settle();
  expect(childrenOf("broken")).toEqual([]);
});
