// Pure: the Worker's binding table (worker/env.ts) turned into Cloudflare bindings, and the
// receiver's argument checks. Secret-ness is read from the Outputs themselves (no engine needed).

import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { errorOf } from "./support/hookErrors";
import { validateHookReceiverArgs, type HookReceiverArgs } from "../../components/hookReceiver";
import {
  planBindings,
  toCloudflareBindings,
  type BindingValues,
} from "../../components/workerBindings";
import { WORKER_BINDINGS } from "../../worker/env";
import { inspect } from "../helpers/outputs";

/** A value for every required binding: `<NAME>-value`. */
const required = (): BindingValues =>
  Object.fromEntries(
    WORKER_BINDINGS.filter((b) => b.required).map((b) => [b.name, `${b.name}-value`]),
  );

describe("planBindings", () => {
  test("keeps the table's order, names and types; optional bindings only when given", () => {
    const planned = planBindings({ ...required(), PHONE_DEFAULT_REGION: "GB" });
    expect(planned.map((b) => [b.name, b.type])).toEqual(
      WORKER_BINDINGS.filter((b) => b.required || b.name === "PHONE_DEFAULT_REGION").map((b) => [
        b.name,
        b.type,
      ]),
    );
  });

  test("names every required binding that has no value", () => {
    const values = required();
    delete values.TWILIO_AUTH_TOKEN;
    delete values.OKTA_KEY_ID;
    const error = errorOf(() => planBindings(values));
    expect(error.code).toBe("binding_missing");
    expect(error.message).toBe(
      "Worker bindings: no value for required OKTA_KEY_ID, TWILIO_AUTH_TOKEN",
    );
  });

  test("refuses a binding the Worker does not read", () => {
    const values = { ...required(), OKTA_API_TOKEN: "x" } as BindingValues;
    const error = errorOf(() => planBindings(values));
    expect(error.code).toBe("argument_invalid");
    expect(error.message).toMatch(
      /^Worker bindings: OKTA_API_TOKEN not read by the Worker; allowed: OKTA_ORG_URL, /,
    );
  });
});

describe("toCloudflareBindings", () => {
  test("every secret_text text is a secret Output and every plain_text text stays plain", async () => {
    const bindings = toCloudflareBindings(planBindings(required()));
    const checked = await Promise.all(
      bindings.map(async (b) => {
        const text = await inspect(b.text!);
        return [b.name, b.type, text.secret, text.value] as const;
      }),
    );
    for (const [name, type, secret, value] of checked) {
      expect({ name, secret, value }).toEqual({
        name,
        secret: type === "secret_text",
        value: `${String(name)}-value`,
      });
    }
    // The table itself: these four, and only these, are secrets.
    expect(checked.filter(([, type]) => type === "secret_text").map(([name]) => name)).toEqual([
      "OKTA_PRIVATE_KEY",
      "EVENT_HOOK_SECRET",
      "TELEPHONY_SECRET",
      "TWILIO_AUTH_TOKEN",
    ]);
  });

  test("a secret value stays secret whatever it is given as", async () => {
    const values = { ...required(), TWILIO_AUTH_TOKEN: pulumi.output("plain-token") };
    const token = toCloudflareBindings(planBindings(values)).find(
      (b) => b.name === "TWILIO_AUTH_TOKEN",
    )!;
    expect(await inspect(token.text!)).toMatchObject({ secret: true, value: "plain-token" });
  });
});

describe("HookReceiver argument checks", () => {
  const base: HookReceiverArgs = {
    workersDevSubdomain: "acme",
    cloudflareAccountId: "a".repeat(32),
    compatibilityDate: "2025-09-01",
    okta: {
      orgUrl: "https://dev-1.okta.com",
      clientId: "0oa1",
      privateKeyPem: "pem",
      kid: "k",
      requireDpop: true,
    },
    twilio: { accountSid: "AC1", verifyServiceSid: "VA1", authToken: "t" },
  };

  test("accepts a complete Worker deployment and a bare external receiver", () => {
    expect(() => validateHookReceiverArgs(base, false)).not.toThrow();
    expect(() =>
      validateHookReceiverArgs(
        { externalUrl: "https://x.example.com", compatibilityDate: "2025-09-01" },
        true,
      ),
    ).not.toThrow();
  });

  test.each<[string, Partial<HookReceiverArgs>, string]>([
    [
      "a date that is not YYYY-MM-DD",
      { compatibilityDate: "2025-9-1" },
      'compatibilityDate: must be YYYY-MM-DD; got "2025-9-1"',
    ],
    [
      "a header name with a space",
      { eventHookAuthHeader: "X Okta Key" },
      'eventHookAuthHeader: must be an HTTP header name (token characters); got "X Okta Key"',
    ],
    [
      "one header for both hooks",
      { eventHookAuthHeader: "X-Key", telephonyAuthHeader: "x-key" },
      "telephonyAuthHeader: must differ from eventHookAuthHeader; both are X-Key",
    ],
    [
      "a lowercase region",
      { phoneDefaultRegion: "us" },
      'phoneDefaultRegion: must be an ISO 3166 alpha-2 code such as US; got "us"',
    ],
    [
      "a deadline past Okta's 3 s",
      { telephonyDeadlineMs: 3000 },
      "telephonyDeadlineMs: must be an integer from 200 to 2800; got 3000",
    ],
    [
      "no Cloudflare account",
      { cloudflareAccountId: undefined },
      "cloudflareAccountId: required unless externalUrl is set, 32 lowercase hex characters; got undefined",
    ],
    [
      "no Okta or Twilio credentials",
      { okta: undefined, twilio: undefined },
      "okta, twilio: required unless externalUrl is set (the Worker needs them)",
    ],
  ])("refuses %s", (_label, change, message) => {
    const error = errorOf(() => validateHookReceiverArgs({ ...base, ...change }, false));
    expect(error.code).toBe("argument_invalid");
    expect(error.message).toBe(message);
  });
});
