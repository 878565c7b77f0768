// Event hook endpoint in workerd: verification, authentication, acknowledgement, the feedback
// work done in waitUntil (Okta user lookup → Twilio approval, against the simulators), batching
// and de-duplication.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { fixture } from "./support/fixtures";
import { leaksIn, startReceiver, type Receiver } from "./support/receiver";
import { waitFor } from "./support/wait";

type Delivery = { eventId: string; data: { events: Record<string, unknown>[] } };

const AUTH_VIA_MFA = "okta-event-hook-auth-via-mfa.DERIVED.json";
const FACTOR_ACTIVATE = "okta-event-hook-mfa-factor-activate.DERIVED.json";
/** The documented events' actor: the sample user (fixtures/okta-user-get-response.json). */
const SAMPLE_USER = "00uz9fj5aT69fHVro1d6";
/** The sample user's mobilePhone "+1-555-415-1337" in E.164. */
const SAMPLE_MOBILE = "+15554151337";

let receiver: Receiver;
let sequence = 0;

/** The documented auth_via_mfa event with a fresh uuid and the given user as actor. */
function mfaEvent(
  userId = SAMPLE_USER,
  patch: Record<string, unknown> = {},
): Record<string, unknown> {
  const event = fixture<Delivery>(AUTH_VIA_MFA).data.events[0]!;
  const actor = { ...(event.actor as object), id: userId };
  return { ...event, uuid: `uuid-${++sequence}-${Date.now()}`, actor, ...patch };
}

function delivery(events: Record<string, unknown>[]): Delivery {
  const envelope = fixture<Delivery>(AUTH_VIA_MFA);
  return { ...envelope, data: { events } };
}

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.addUser(SAMPLE_USER);
}, 30_000);

afterAll(async () => {
  expect(
    leaksIn(receiver.logs, [...receiver.secrets(), SAMPLE_MOBILE, "5554151337", "33612345678"]),
  ).toEqual([]);
  expect([...receiver.okta.recorder.gaps, ...receiver.twilio.recorder.gaps]).toEqual([]);
  await receiver.close();
});

beforeEach(() => {
  receiver.reset();
  // The sample user has just been sent a code (the telephony hook's verification).
  receiver.smsSent(SAMPLE_MOBILE);
});

const twilioCalls = (r: Receiver, operation: string) =>
  r.twilio.recorder.calls.filter((c) => c.operation === operation);
const userReads = (r: Receiver) =>
  r.okta.recorder.calls.filter((c) => c.operation === "getUser").map((c) => c.path);
/** The numbers whose verification the Worker approved (Twilio's state: full numbers). */
const approvedPhones = (r: Receiver) =>
  r.twilio.state.verifications.filter((v) => v.status === "approved").map((v) => v.to);

describe("GET /okta/events (one-time verification)", () => {
  const challenge = fixture<{ verification: string }>(
    "okta-event-hook-verification-response.json",
  ).verification;

  test("echoes the challenge when the auth header matches", async () => {
    const res = await receiver.fetch("/okta/events", {
      headers: { ...receiver.eventAuth, "x-okta-verification-challenge": challenge },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ verification: challenge });
  });

  test("refuses a wrong auth header with 401 and does not echo", async () => {
    const res = await receiver.fetch("/okta/events", {
      headers: {
        authorization: "Basic d3Jvbmc6d3Jvbmc=",
        "x-okta-verification-challenge": challenge,
      },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(challenge);
  });

  test("refuses a missing auth header with 401", async () => {
    const res = await receiver.fetch("/okta/events", {
      headers: { "x-okta-verification-challenge": challenge },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: "unauthorized", message: "Missing or invalid credentials" },
    });
  });

  test("answers 400 when the challenge header is missing", async () => {
    const res = await receiver.fetch("/okta/events", { headers: receiver.eventAuth });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_payload");
  });
});

describe("POST /okta/events (deliveries)", () => {
  test("acknowledges with 200 and an empty body, then approves the Twilio verification", async () => {
    const body = fixture<Delivery>(AUTH_VIA_MFA);
    body.data.events[0]!.uuid = `single-${Date.now()}`;
    const res = await receiver.postEvents(body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");

    const [approval] = await waitFor(() => {
      const list = twilioCalls(receiver, "UpdateVerification");
      return list.length > 0 && list;
    }, "Twilio approval");
    // Approved by phone number (the recorder masks it as the Worker's logs do); Twilio reads the
    // form only from an application/x-www-form-urlencoded body, so Status=approved arrived as one.
    expect(approval).toMatchObject({
      method: "POST",
      path: "/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Verifications/***1337",
      status: 200,
    });
    expect(approvedPhones(receiver)).toEqual([SAMPLE_MOBILE]);
    expect(userReads(receiver)).toEqual([`/api/v1/users/${SAMPLE_USER}`]);
    const done = await receiver.deliveryDone(res);
    expect(done).toMatchObject({ events: 1, selected: 1, approved: 1, failed: 0 });
  });

  test("approves on user.mfa.factor.activate, for the target user rather than the actor", async () => {
    const body = fixture<Delivery>(FACTOR_ACTIVATE);
    const event = body.data.events[0]!;
    event.uuid = `activate-${Date.now()}`;
    (event.target as Array<Record<string, unknown>>)[0]!.id = "00uTargetUser1";
    receiver.addUser("00uTargetUser1", { mobilePhone: "+44 20 7946 0958" });
    receiver.smsSent("+442079460958");
    const res = await receiver.postEvents(body);
    expect(res.status).toBe(200);
    expect(await receiver.deliveryDone(res)).toMatchObject({ approved: 1 });
    expect(userReads(receiver)).toEqual(["/api/v1/users/00uTargetUser1"]);
    expect(approvedPhones(receiver)).toEqual(["+442079460958"]);
  });

  test("detects a voice factor from outcome.reason when debugData has no factor", async () => {
    const event = mfaEvent();
    const debugData = {
      ...(event.debugContext as { debugData: object }).debugData,
      factor: undefined,
    };
    const res = await receiver.postEvents(
      delivery([
        {
          ...event,
          debugContext: { debugData },
          outcome: { result: "SUCCESS", reason: "Verified with CALL_FACTOR" },
        },
      ]),
    );
    expect(await receiver.deliveryDone(res)).toMatchObject({ selected: 1, approved: 1 });
  });

  test("ignores other event types, failed outcomes and non-phone factors: no call, no log line", async () => {
    const sessionStart = fixture<Delivery>("okta-event-hook-delivery-user-session-start.json");
    const failed = mfaEvent(undefined, {
      outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" },
    });
    const push = mfaEvent();
    (push.debugContext as { debugData: Record<string, unknown> }).debugData = {
      factor: "OKTA_VERIFY_PUSH",
    };
    const res = await receiver.postEvents(delivery([...sessionStart.data.events, failed, push]));
    expect(res.status).toBe(200);
    // A later delivery's summary line arriving means workerd's earlier output has arrived too.
    const next = await receiver.postEvents(delivery([mfaEvent()]));
    expect(await receiver.deliveryDone(next)).toMatchObject({ events: 1, selected: 1 });
    expect(receiver.logsOf(res)).toEqual([]);
    // Only the later delivery's one user read and one approval went out.
    expect(userReads(receiver)).toHaveLength(1);
    expect(receiver.twilio.recorder.total).toBe(1);
  });

  test("processes a batch of 40 events with at most 6 Twilio calls in flight", async () => {
    const events = Array.from({ length: 40 }, (_, i) => {
      const userId = `00uBatch${i}`;
      receiver.addUser(userId, { mobilePhone: `+1 415 555 ${String(1000 + i)}` });
      receiver.smsSent(`+1415555${1000 + i}`);
      return mfaEvent(userId);
    });
    // A real round trip per approval, so that calls overlap as they would.
    receiver.twilio.faults.add("UpdateVerification:slow20x40");
    const res = await receiver.postEvents(delivery(events));
    expect(res.status).toBe(200);
    expect(await receiver.deliveryDone(res)).toMatchObject({
      selected: 40,
      approved: 40,
      failed: 0,
    });
    const targets = approvedPhones(receiver);
    expect(new Set(targets).size).toBe(40);
    expect(targets).toContain("+14155551039");
    expect(receiver.twilio.recorder.peakInFlight).toBeLessThanOrEqual(6);
    expect(receiver.twilio.recorder.peakInFlight).toBeGreaterThan(1);
  });

  test("a redelivered event is approved once (sequential and concurrent duplicates)", async () => {
    const body = delivery([mfaEvent()]);
    const first = await receiver.postEvents(body);
    await receiver.deliveryDone(first);
    const [second, third] = await Promise.all([
      receiver.postEvents(body),
      receiver.postEvents(body),
    ]);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(await receiver.deliveryDone(second)).toMatchObject({ duplicate: 1, approved: 0 });
    expect(await receiver.deliveryDone(third)).toMatchObject({ duplicate: 1, approved: 0 });
    expect(receiver.twilio.recorder.count("UpdateVerification")).toBe(1);
  });

  test("past the isolate's pending cap, events are shed: counted, logged, never sent upstream", async () => {
    const capped = await startReceiver({ bindings: { FEEDBACK_MAX_PENDING: "2" } });
    try {
      const events = ["00uCap1", "00uCap2", "00uCap3"].map((userId) => {
        capped.addUser(userId, { mobilePhone: "+1 415 555 0101" });
        return mfaEvent(userId);
      });
      capped.addUser("00uCap2", { mobilePhone: "+1 415 555 0102" });
      capped.smsSent("+14155550101", "+14155550102");
      const res = await capped.postEvents(delivery(events));
      expect(res.status).toBe(200);
      expect(await capped.logged(res, "event.shed")).toMatchObject({
        level: "warn",
        shed: 1,
        reason: "backlog_full",
      });
      expect(await capped.deliveryDone(res)).toMatchObject({ selected: 3, shed: 1, approved: 2 });
      expect(capped.twilio.recorder.count("UpdateVerification", 200)).toBe(2);
      // The slots came back: the next delivery is processed in full.
      capped.smsSent("+14155550101", "+14155550102");
      const again = await capped.postEvents(delivery([mfaEvent("00uCap1"), mfaEvent("00uCap2")]));
      expect(await capped.deliveryDone(again)).toMatchObject({ shed: 0, approved: 2 });
    } finally {
      await capped.close();
    }
  });

  test("past the isolate's in-flight cap, events wait their turn across deliveries; none shed", async () => {
    const capped = await startReceiver({ bindings: { FEEDBACK_MAX_IN_FLIGHT: "2" } });
    try {
      const batch = (tag: string) =>
        Array.from({ length: 6 }, (_, i) => {
          const userId = `00uTurn${tag}${i}`;
          const digits = tag === "A" ? 2000 + i : 3000 + i;
          capped.addUser(userId, { mobilePhone: `+1 415 555 ${digits}` });
          capped.smsSent(`+1415555${digits}`);
          return mfaEvent(userId);
        });
      // Real round trips, so that an event holding its slot shows as overlapping calls.
      capped.okta.faults.add("getUser:slow15x12");
      capped.twilio.faults.add("UpdateVerification:slow15x12");
      const [first, second] = await Promise.all([
        capped.postEvents(delivery(batch("A"))),
        capped.postEvents(delivery(batch("B"))),
      ]);
      for (const res of [first, second]) {
        expect(await capped.deliveryDone(res)).toMatchObject({ selected: 6, approved: 6, shed: 0 });
      }
      // Each event holds its slot through its Okta read and its Twilio approval.
      expect(capped.okta.recorder.peakInFlight).toBeLessThanOrEqual(2);
      expect(capped.twilio.recorder.peakInFlight).toBeLessThanOrEqual(2);
      expect(capped.twilio.recorder.count("UpdateVerification", 200)).toBe(12);
    } finally {
      await capped.close();
    }
  });

  test("a single 300-event delivery on an idle isolate is fully fed back, none shed", async () => {
    // 300 qualifying events (about 650 KB here, within the 1 MiB body limit), each for a
    // user of its own with a phone of its own.
    const events = Array.from({ length: 300 }, (_, i) => {
      const userId = `00uLarge${i}`;
      receiver.addUser(userId, { mobilePhone: `+1 415 555 ${String(1000 + i)}` });
      receiver.smsSent(`+1415555${1000 + i}`);
      return mfaEvent(userId);
    });
    const res = await receiver.postEvents(delivery(events));
    expect(res.status).toBe(200);
    expect(await receiver.deliveryDone(res, 30_000)).toMatchObject({
      selected: 300,
      approved: 300,
      shed: 0,
      failed: 0,
    });
    expect(new Set(approvedPhones(receiver)).size).toBe(300);
    expect(receiver.logsOf(res).filter((l) => l.msg === "event.shed")).toEqual([]);
  }, 40_000);

  test("one user read per user and one approval per phone in a delivery", async () => {
    // The same user's SMS and voice events, a repeat of the SMS one, and another user who
    // shares the first user's phone (a shared desk line): two users, one phone.
    const call = mfaEvent("00uSame1");
    (call.debugContext as { debugData: Record<string, unknown> }).debugData = {
      factor: "CALL_FACTOR",
    };
    receiver.addUser("00uSame1", { mobilePhone: "+1 415 555 0199" });
    receiver.addUser("00uSame2", { mobilePhone: "+1-415-555-0199" });
    receiver.smsSent("+14155550199");
    const res = await receiver.postEvents(
      delivery([mfaEvent("00uSame1"), call, mfaEvent("00uSame1"), mfaEvent("00uSame2")]),
    );
    expect(await receiver.deliveryDone(res)).toMatchObject({
      selected: 4,
      approved: 1,
      same_phone: 3,
      failed: 0,
    });
    expect(userReads(receiver).sort()).toEqual([
      "/api/v1/users/00uSame1",
      "/api/v1/users/00uSame2",
    ]);
    expect(approvedPhones(receiver)).toEqual(["+14155550199"]);
  });

  test("a profile number without + that is not valid in the default region is never approved", async () => {
    // "06 12 34 56 78" is a French mobile written nationally; read in the default region (US)
    // it would be +1 061 234 5678, someone else's number if it were assigned at all.
    receiver.addUser("00uAbroad", {
      mobilePhone: "06 12 34 56 78",
      primaryPhone: "+33 6 12 34 56 78",
    });
    receiver.addUser("00uNowhere", { mobilePhone: "10000000000", primaryPhone: null });
    receiver.smsSent("+33612345678");
    const res = await receiver.postEvents(
      delivery([mfaEvent("00uAbroad"), mfaEvent("00uNowhere")]),
    );
    expect(await receiver.deliveryDone(res)).toMatchObject({ approved: 1, no_phone: 1 });
    expect(approvedPhones(receiver)).toEqual(["+33612345678"]);
    expect(receiver.logsOf(res).find((l) => l.msg === "event.approved")).toMatchObject({
      phoneSource: "primaryPhone",
    });
  });

  test("Twilio 20404 (nothing pending for the number) is a normal outcome, logged at info", async () => {
    // The code went out long ago, or the user typed it into Okta after Twilio's 10 minutes.
    receiver.twilio.state.clear();
    const res = await receiver.postEvents(delivery([mfaEvent()]));
    expect(await receiver.deliveryDone(res)).toMatchObject({ not_pending: 1, failed: 0 });
    const line = receiver.logsOf(res).find((l) => l.msg === "event.not_pending");
    expect(line).toMatchObject({ level: "info", phone: "***1337", phoneSource: "mobilePhone" });
    expect(receiver.logsOf(res).filter((l) => l.level === "error")).toEqual([]);
    expect(twilioCalls(receiver, "UpdateVerification").map((c) => c.errorCode)).toEqual(["20404"]);
  });

  test("Twilio 20429 and 503 on approval are retried", async () => {
    receiver.twilio.faults.add("UpdateVerification:429/20429x1");
    receiver.twilio.faults.add("UpdateVerification:503x1");
    const res = await receiver.postEvents(delivery([mfaEvent()]));
    expect(await receiver.deliveryDone(res)).toMatchObject({ approved: 1 });
    expect(twilioCalls(receiver, "UpdateVerification").map((c) => c.status)).toEqual([
      429, 503, 200,
    ]);
  });

  test("a user without profile phones falls back to the Factors API phone", async () => {
    receiver.addUser("00uNoProfilePhone", { mobilePhone: null, primaryPhone: null });
    receiver.addFactors("00uNoProfilePhone", [
      fixture("okta-user-factor-call-enroll-response.json"),
      {
        ...fixture<Record<string, unknown>>("okta-user-factor-sms-get-response.json"),
        profile: { phoneNumber: "+33 6 12 34 56 78" },
      },
    ]);
    receiver.smsSent("+33612345678");
    const res = await receiver.postEvents(delivery([mfaEvent("00uNoProfilePhone")]));
    expect(await receiver.deliveryDone(res)).toMatchObject({ approved: 1 });
    const factorReads = receiver.okta.recorder.calls.filter((c) => c.operation === "listFactors");
    expect(factorReads.map((c) => [c.path, c.status])).toEqual([
      ["/api/v1/users/00uNoProfilePhone/factors", 200],
    ]);
    // The event is an SMS_FACTOR event, so the sms factor's number wins over the call factor's.
    expect(approvedPhones(receiver)).toEqual(["+33612345678"]);
  });

  test("a user Okta no longer knows is logged as no_phone, without a Twilio call", async () => {
    // Never seeded: the simulated org answers 404 E0000007, as for a deleted user.
    const res = await receiver.postEvents(delivery([mfaEvent("00uGone")]));
    expect(await receiver.deliveryDone(res)).toMatchObject({ no_phone: 1 });
    const reads = receiver.okta.recorder.calls.filter((c) => c.operation === "getUser");
    expect(reads.map((c) => [c.path, c.status])).toEqual([["/api/v1/users/00uGone", 404]]);
    expect(receiver.twilio.recorder.total).toBe(0);
  });

  test.each([
    ["a wrong", { authorization: "Basic bm9wZTpub3Bl", "content-type": "application/json" }],
    ["a missing", { "content-type": "application/json" }],
  ])("%s auth header gets 401 and the handler does not run", async (_label, headers) => {
    const res = await receiver.postEvents(delivery([mfaEvent()]), headers);
    expect(res.status).toBe(401);
    expect(await receiver.logged(res, "request.failed")).toMatchObject({ code: "unauthorized" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.logsOf(res).map((l) => l.msg)).toEqual(["request.failed"]);
    expect(receiver.okta.recorder.total).toBe(0);
    expect(receiver.twilio.recorder.total).toBe(0);
  });
});

describe("HTTP contract", () => {
  const post = (body: string, headers: Record<string, string>) =>
    receiver.fetch("/okta/events", {
      method: "POST",
      headers: { ...receiver.eventAuth, ...headers },
      body,
    });
  const codeOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string } }).error.code;

  test("415 for a body that is not JSON by Content-Type", async () => {
    const res = await post("{}", { "content-type": "text/plain" });
    expect([res.status, await codeOf(res)]).toEqual([415, "unsupported_media_type"]);
  });

  test("accepts application/json with a charset parameter", async () => {
    const res = await post(JSON.stringify(delivery([])), {
      "content-type": "application/json; charset=utf-8",
    });
    expect(res.status).toBe(200);
  });

  test("400 for malformed JSON", async () => {
    const res = await post("{not json", { "content-type": "application/json" });
    expect([res.status, await codeOf(res)]).toEqual([400, "malformed_json"]);
  });

  test("400 when data.events is not an array", async () => {
    const res = await post(JSON.stringify({ data: {} }), { "content-type": "application/json" });
    expect([res.status, await codeOf(res)]).toEqual([400, "invalid_payload"]);
  });

  test("413 for a body over the limit (1 MiB)", async () => {
    const res = await post(JSON.stringify({ pad: "x".repeat(1024 * 1024 + 1) }), {
      "content-type": "application/json",
    });
    expect([res.status, await codeOf(res)]).toEqual([413, "payload_too_large"]);
  });

  test("413 for a chunked body (no Content-Length) that grows past the limit", async () => {
    // Exactly one byte past the limit, in five chunks: the Worker stops reading there (as it
    // should), and a body that went on would leave unread bytes on the socket, so the connection
    // could be reset before the client reads the 413 (a race, seen under load).
    const encoder = new TextEncoder();
    const chunks = [
      ...Array.from({ length: 4 }, () => encoder.encode(" ".repeat(256 * 1024))),
      encoder.encode(" "),
    ];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const res = await receiver.fetch("/okta/events", {
      method: "POST",
      headers: { ...receiver.eventAuth, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect([res.status, await codeOf(res)]).toEqual([413, "payload_too_large"]);
  });

  test("404 for an unknown path", async () => {
    const res = await receiver.fetch("/okta/other", { headers: receiver.eventAuth });
    expect([res.status, await codeOf(res)]).toEqual([404, "not_found"]);
  });

  test("405 with Allow for a method the endpoint does not take", async () => {
    const res = await receiver.fetch("/okta/events", {
      method: "PUT",
      headers: receiver.eventAuth,
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    const telephony = await receiver.fetch("/okta/telephony", { method: "GET" });
    expect([telephony.status, telephony.headers.get("allow")]).toEqual([405, "POST"]);
  });

  test("every response carries the request id its log lines carry", async () => {
    const res = await receiver.fetch("/nowhere");
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await receiver.logged(res, "request.failed")).toMatchObject({ requestId: id });
  });
});
