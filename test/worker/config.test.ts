// Misconfigured bindings in workerd: every request fails closed with a generic 500, the log names
// the bad bindings (never their values), and nothing is sent upstream.

import { afterEach, describe, expect, test } from "vitest";
import { leaksIn, startReceiver, type Receiver } from "./support/receiver";

const GENERIC_500 = { error: { code: "internal", message: "Internal error" } };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("fail closed on bad bindings", () => {
  test.each<[string, Record<string, string | undefined>, string[]]>([
    ["a missing Twilio auth token", { TWILIO_AUTH_TOKEN: undefined }, ["TWILIO_AUTH_TOKEN"]],
    [
      "a plain-http org URL and a non-Twilio API base",
      { OKTA_ORG_URL: "http://example.okta.com", TWILIO_API_BASE: "https://evil.example" },
      ["OKTA_ORG_URL", "TWILIO_API_BASE"],
    ],
    ["a short telephony secret", { TELEPHONY_SECRET: "short" }, ["TELEPHONY_SECRET"]],
    ["a deadline past Okta's 3 s", { TELEPHONY_DEADLINE_MS: "3000" }, ["TELEPHONY_DEADLINE_MS"]],
  ])("%s: 500 on every route, bindings named in the log", async (_label, bindings, named) => {
    receiver = await startReceiver({ bindings });
    const responses = await Promise.all([
      receiver.postTelephony({}),
      receiver.postEvents({ data: { events: [] } }),
      receiver.fetch("/okta/events", { headers: receiver.eventAuth }),
      receiver.fetch("/unknown"),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual(GENERIC_500);
    }
    const line = await receiver.logged(responses[0]!, "request.failed");
    expect(line).toMatchObject({ code: "config_invalid", status: 500 });
    for (const name of named) expect(line.detail).toContain(name);
    expect(leaksIn(receiver.logs, [...receiver.secrets(), "evil.example"])).toEqual([]);
    expect(receiver.okta.recorder.total).toBe(0);
    expect(receiver.twilio.recorder.total).toBe(0);
  });

  test("a PEM that is not a usable key: 500, nothing upstream", async () => {
    const pem = `-----BEGIN PRIVATE KEY-----\nTm90IGEga2V5\n-----END PRIVATE KEY-----\n`;
    receiver = await startReceiver({ bindings: { OKTA_PRIVATE_KEY: pem } });
    const res = await receiver.postTelephony({});
    expect([res.status, await res.json()]).toEqual([500, GENERIC_500]);
    expect(await receiver.logged(res, "request.failed")).toMatchObject({ code: "config_invalid" });
    expect(receiver.twilio.recorder.total).toBe(0);
  });
});
