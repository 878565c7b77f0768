// The receiver's own Okta credentials in workerd, against the Okta simulator: private_key_jwt
// assertions the simulator checks as Okta does (sim/okta/tokenEndpoint.ts), one token per
// lifetime shared by concurrent work, DPoP with the nonce round trip, and Okta's 401 / 429.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixture } from "./support/fixtures";
import { leaksIn, startReceiver, type Receiver, CLIENT_ID } from "./support/receiver";

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
/**
 * Posts a delivery for `userIds`, each given a phone of their own with a code just sent to it
 * (one approval per phone).
 */
async function deliver(receiver: Receiver, userIds: string[]) {
  for (const id of userIds) {
    const digits = String(4000 + ++phoneSequence);
    receiver.addUser(id, { mobilePhone: `+1 415 555 ${digits}` });
    receiver.smsSent(`+1415555${digits}`);
  }
  const res = await receiver.postEvents(deliveryFor(userIds));
  expect(res.status).toBe(200);
  return receiver.deliveryDone(res);
}

const calls = (receiver: Receiver, operation: string) =>
  receiver.okta.recorder.calls.filter((c) => c.operation === operation);

/** The simulated Okta clock moved to `ms` before (negative: after) its next minute boundary. */
function toMinuteBoundary(receiver: Receiver, ms: number): void {
  const now = receiver.okta.clock.now();
  receiver.okta.clock.advance((60_000 - (now % 60_000) - ms + 60_000) % 60_000);
}

async function noLeaks(receiver: Receiver) {
  expect(leaksIn(receiver.logs, receiver.secrets())).toEqual([]);
  // Nothing the simulators saw was off the Okta and Twilio APIs the Worker is meant to call.
  expect([...receiver.okta.recorder.gaps, ...receiver.twilio.recorder.gaps]).toEqual([]);
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
    expect(calls(receiver, "token").map((c) => [c.status, c.caller])).toEqual([[200, CLIENT_ID]]);
    // Every read carried that one token: a second token would have needed a second request.
    const reads = calls(receiver, "getUser");
    expect(reads).toHaveLength(15);
    expect(reads.every((c) => c.status === 200 && c.caller === CLIENT_ID)).toBe(true);
    expect(receiver.okta.accessTokensOf(CLIENT_ID)).toHaveLength(1);
  });

  test("the client assertion passes Okta's checks: kid, iss = sub = client, aud = token URL, exp, single-use jti", async () => {
    // The simulator refuses any other assertion with the error catalog's invalid_client variants.
    expect(calls(receiver, "token")[0]).toMatchObject({
      status: 200,
      caller: CLIENT_ID,
      bucket: "oauth2/v1/token",
    });
    expect(calls(receiver, "getUser")[0]).toMatchObject({ scope: "okta.users.read" });
  });

  test("Okta 401 on the Users API: the token is dropped, a new one fetched, the call retried once", async () => {
    receiver.revokeTokens();
    const before = receiver.okta.recorder.count("token", 200);
    const done = await deliver(receiver, ["00uAfterRevoke"]);
    expect(done).toMatchObject({ approved: 1, failed: 0 });
    expect(receiver.okta.recorder.count("token", 200) - before).toBe(1);
    const reads = calls(receiver, "getUser").filter((c) => c.path.endsWith("00uAfterRevoke"));
    expect(reads.map((c) => [c.status, c.errorCode])).toEqual([
      [401, "E0000011"],
      [200, undefined],
    ]);
  });

  test("Okta 401 again after a fresh token: gives up on that event and logs okta_api_failed", async () => {
    receiver.okta.faults.add("getUser:401x2");
    const done = await deliver(receiver, ["00uDenied"]);
    expect(done).toMatchObject({ failed: 1, approved: 0 });
    const failed = receiver.logs.find((l) => l.msg === "event.failed" && l.userId === "00uDenied");
    expect(failed).toMatchObject({ code: "okta_api_failed" });
  });

  test("Okta 429: waits for x-rate-limit-reset when it is within the budget, then retries", async () => {
    // The users bucket's window ends at the next minute of Okta's clock (its Date header): 1 s.
    toMinuteBoundary(receiver, 1000);
    receiver.okta.faults.add("getUser:429x1");
    const done = await deliver(receiver, ["00uThrottled"]);
    expect(done).toMatchObject({ approved: 1 });
    const waited = receiver.logs.find((l) => l.msg === "okta.rate_limited" && l.action === "wait");
    expect(waited!.waitMs as number).toBeLessThanOrEqual(3000);
    const reads = calls(receiver, "getUser").filter((c) => c.path.endsWith("00uThrottled"));
    expect(reads.map((c) => [c.status, c.errorCode])).toEqual([
      [429, "E0000047"],
      [200, undefined],
    ]);
  });

  test("Okta 429 resetting past the budget: gives up, logs it, no Twilio call", async () => {
    // Just past a minute boundary: the reset is ~60 s away, beyond the 25 s event budget.
    toMinuteBoundary(receiver, -100);
    receiver.okta.faults.add("getUser:429x1");
    const approvalsBefore = receiver.twilio.recorder.count("UpdateVerification");
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
    expect(receiver.twilio.recorder.count("UpdateVerification")).toBe(approvalsBefore);
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
    // The simulator checks the proof as Okta does (sim/okta/dpopProof.ts): typ, a public jwk,
    // htm/htu, iat, a single-use jti, the nonce, and on resource calls ath and the token's key.
    expect(calls(receiver, "token").map((c) => [c.status, c.errorCode])).toEqual([
      [400, "use_dpop_nonce"],
      [200, undefined],
    ]);
    expect(receiver.okta.accessTokensOf(CLIENT_ID)).toHaveLength(1);
    // A Bearer use of the bound token, or a proof without the right ath, would have been 401.
    const reads = calls(receiver, "getUser");
    expect(reads).toHaveLength(3);
    expect(reads.every((c) => c.status === 200)).toBe(true);
  });

  test("later deliveries reuse the token: no nonce round trip, no token request", async () => {
    const before = receiver.okta.recorder.count("token");
    const done = await deliver(receiver, users("E", 4));
    expect(done).toMatchObject({ approved: 4 });
    expect(receiver.okta.recorder.count("token")).toBe(before);
  });
});

describe("token endpoint refusing the client", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  }, 30_000);
  afterAll(() => noLeaks(receiver));

  test("invalid_client fails the batch fast: one token request, each event logged", async () => {
    // An admin deactivated the receiver's app: Okta refuses its assertions with invalid_client.
    const app = receiver.okta.state.apps.get(CLIENT_ID)!;
    receiver.okta.state.apps.set({ ...app, status: "INACTIVE" });
    const done = await deliver(receiver, users("F", 6));
    expect(done).toMatchObject({ selected: 6, failed: 6 });
    expect(calls(receiver, "token").map((c) => [c.status, c.errorCode])).toEqual([
      [401, "invalid_client"],
    ]);
    const failures = receiver.logs.filter((l) => l.msg === "event.failed");
    expect(failures.map((l) => l.code)).toEqual(Array(6).fill("okta_token_failed"));
    expect(receiver.twilio.recorder.total).toBe(0);
  });
});
