// The receiver's own Okta credentials in workerd: private_key_jwt assertions, one token per
// lifetime shared by concurrent work, DPoP with the nonce round trip, and Okta's 401 / 429.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixture } from "./support/fixtures";
import { leaksIn, startReceiver, type Receiver, CLIENT_ID, KEY_ID } from "./support/receiver";

type Delivery = { data: { events: Record<string, unknown>[] } };

let sequence = 0;
function deliveryFor(userIds: string[]): Delivery {
  const envelope = fixture<Delivery>("okta-event-hook-auth-via-mfa.DERIVED.json");
  const template = envelope.data.events[0]!;
  envelope.data.events = userIds.map((id) => ({
    ...template,
    uuid: `auth-${++sequence}-${Date.now()}`,
    actor: { ...(template.actor as object), id },
  }));
  return envelope;
}

function users(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `00u${prefix}${i}`);
}

let phoneSequence = 0;
/** Posts a delivery for `userIds`, each given a phone of their own (one approval per phone). */
async function deliver(receiver: Receiver, userIds: string[]) {
  for (const id of userIds) {
    const sample = fixture<{ profile: Record<string, unknown> }>("okta-user-get-response.json");
    const mobilePhone = `+1 415 555 ${String(4000 + ++phoneSequence)}`;
    receiver.okta.users.set(id, { ...sample, id, profile: { ...sample.profile, mobilePhone } });
  }
  const res = await receiver.postEvents(deliveryFor(userIds));
  expect(res.status).toBe(200);
  return receiver.deliveryDone(res);
}

async function noLeaks(receiver: Receiver) {
  expect(leaksIn(receiver.logs, receiver.secrets())).toEqual([]);
  expect(receiver.okta.violations).toEqual([]);
  await receiver.close();
}

describe("bearer tokens (DPoP off)", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  }, 30_000);
  afterAll(() => noLeaks(receiver));

  test("15 events in 3 concurrent deliveries use exactly one token", async () => {
    const done = await Promise.all([
      deliver(receiver, users("A", 5)),
      deliver(receiver, users("B", 5)),
      deliver(receiver, users("C", 5)),
    ]);
    expect(done.map((d) => d.approved)).toEqual([5, 5, 5]);
    expect(receiver.okta.server.of("token")).toHaveLength(1);
    const [token] = receiver.okta.issuedTokens.keys();
    const auth = new Set(receiver.okta.server.of("user").map((r) => r.headers.authorization));
    expect([...auth]).toEqual([`Bearer ${token}`]);
  });

  test("the client assertion carries the documented claims, signed with the configured kid", async () => {
    const jose = await import("jose");
    const assertion = receiver.okta.assertions[0]!;
    expect(jose.decodeProtectedHeader(assertion)).toEqual({
      alg: "RS256",
      kid: KEY_ID,
      typ: "JWT",
    });
    const claims = jose.decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: receiver.okta.tokenUrl });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("Okta 401 on the Users API: the token is dropped, a new one fetched, the call retried once", async () => {
    receiver.okta.revokeAll();
    const before = receiver.okta.server.of("token").length;
    const done = await deliver(receiver, ["00uAfterRevoke"]);
    expect(done).toMatchObject({ approved: 1, failed: 0 });
    expect(receiver.okta.server.of("token").length - before).toBe(1);
    const calls = receiver.okta.server.of("user").filter((r) => r.path.endsWith("00uAfterRevoke"));
    expect(calls).toHaveLength(2);
  });

  test("Okta 401 again after a fresh token: gives up on that event and logs okta_api_failed", async () => {
    const denied = { status: 401, body: fixture("okta-api-error-E0000011-invalid-token.json") };
    receiver.okta.server.script("user", denied, denied);
    const done = await deliver(receiver, ["00uDenied"]);
    expect(done).toMatchObject({ failed: 1, approved: 0 });
    const failed = receiver.logs.find((l) => l.msg === "event.failed" && l.userId === "00uDenied");
    expect(failed).toMatchObject({ code: "okta_api_failed" });
  });

  test("Okta 429: waits for x-rate-limit-reset when it is within the budget, then retries", async () => {
    const now = Date.now();
    receiver.okta.server.script("user", {
      status: 429,
      headers: {
        "x-rate-limit-reset": String(Math.floor(now / 1000) + 1),
        date: new Date(now).toUTCString(),
      },
      body: fixture("okta-api-error-E0000047-rate-limit.json"),
    });
    const done = await deliver(receiver, ["00uThrottled"]);
    expect(done).toMatchObject({ approved: 1 });
    const waited = receiver.logs.find((l) => l.msg === "okta.rate_limited" && l.action === "wait");
    expect(waited!.waitMs as number).toBeLessThanOrEqual(3000);
  });

  test("Okta 429 resetting past the budget: gives up, logs it, no Twilio call", async () => {
    receiver.okta.server.script("user", {
      status: 429,
      headers: { "x-rate-limit-reset": String(Math.ceil(Date.now() / 1000) + 3600) },
      body: fixture("okta-api-error-E0000047-rate-limit.json"),
    });
    const approvalsBefore = receiver.twilio.approvals().length;
    const done = await deliver(receiver, ["00uLongThrottle"]);
    expect(done).toMatchObject({ failed: 1 });
    expect(
      receiver.logs.find((l) => l.msg === "okta.rate_limited" && l.action === "give_up"),
    ).toBeDefined();
    expect(
      receiver.logs.find((l) => l.msg === "event.failed" && l.userId === "00uLongThrottle"),
    ).toMatchObject({
      code: "okta_rate_limited",
    });
    expect(receiver.twilio.approvals().length).toBe(approvalsBefore);
  });
});

describe("DPoP-bound tokens (OKTA_DPOP=true)", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ dpop: true });
  }, 30_000);
  afterAll(() => noLeaks(receiver));

  test("use_dpop_nonce is answered by one retry with the nonce; API calls use DPoP + ath", async () => {
    const done = await deliver(receiver, users("D", 3));
    expect(done).toMatchObject({ approved: 3 });
    const tokenCalls = receiver.okta.server.of("token");
    expect(tokenCalls).toHaveLength(2);
    expect(receiver.okta.tokensIssued()).toBe(1);

    const jose = await import("jose");
    const [first, second] = tokenCalls.map((r) => String(r.headers.dpop));
    const header = jose.decodeProtectedHeader(first!);
    expect(header).toMatchObject({ typ: "dpop+jwt", alg: "ES256" });
    expect(Object.keys(header.jwk!).sort()).toEqual(["crv", "kty", "x", "y"]);
    expect(jose.decodeJwt(first!)).toMatchObject({ htm: "POST", htu: receiver.okta.tokenUrl });
    expect(jose.decodeJwt(first!).nonce).toBeUndefined();
    expect(jose.decodeJwt(second!).nonce).toBe("8NLZUUhVawx1ns8AjrC4F6j8D2phvaw7");

    const [token] = receiver.okta.issuedTokens.keys();
    for (const call of receiver.okta.server.of("user")) {
      expect(call.headers.authorization).toBe(`DPoP ${token}`);
      expect(jose.decodeJwt(String(call.headers.dpop)).ath).toBeDefined();
    }
  });

  test("later deliveries reuse the token: no nonce round trip, no token request", async () => {
    const before = receiver.okta.server.of("token").length;
    const done = await deliver(receiver, users("E", 4));
    expect(done).toMatchObject({ approved: 4 });
    expect(receiver.okta.server.of("token").length).toBe(before);
  });
});

describe("token endpoint refusing the client", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  }, 30_000);
  afterAll(() => noLeaks(receiver));

  test("invalid_client fails the batch fast: one token request, each event logged", async () => {
    receiver.okta.server.script("token", {
      status: 401,
      body: fixture("okta-token-error-invalid-client.json"),
    });
    const done = await deliver(receiver, users("F", 6));
    expect(done).toMatchObject({ selected: 6, failed: 6 });
    expect(receiver.okta.server.of("token")).toHaveLength(1);
    const failures = receiver.logs.filter((l) => l.msg === "event.failed");
    expect(failures.map((l) => l.code)).toEqual(Array(6).fill("okta_token_failed"));
    expect(receiver.twilio.server.requests).toEqual([]);
  });
});
