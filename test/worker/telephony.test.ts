// Telephony inline hook in workerd: every documented payload variant, and the answer Okta gets
// for each Twilio outcome (sent, refused, rejected, retryable, timed out) within the deadline,
// against the Twilio Verify simulator (sim/twilio), its faults standing in for Twilio's failures.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { VERIFY_DEFAULT_LOCALES } from "../../sim/twilio/verifications";
import { fixture } from "./support/fixtures";
import { leaksIn, startReceiver, SERVICE_SID, type Receiver } from "./support/receiver";
import { waitFor } from "./support/wait";

type OtpPayload = {
  eventId?: string;
  cloudEventVersion?: string;
  cloudEventsVersion?: string;
  requestType?: string;
  data: {
    userProfile?: Record<string, unknown>;
    messageProfile: Record<string, unknown>;
  };
};

const REQUEST = "okta-telephony-hook-request.json";
/** Small so the timeout cases stay fast; the production default is 2200 ms. */
const DEADLINE_MS = 800;
/** The documented request's number, 9876543210, is not a valid US number (987 is no area code). */
const VALID_US = "2015550123";
/** OTPs and numbers used below: none may reach a log line. */
const OTPS = ["11111", "482913", "73019", "5550123"];
const NUMBERS = [
  "9876543210",
  "+19876543210",
  "5554151337",
  "+15554151337",
  VALID_US,
  "+12015550123",
  "0612345678",
];

/** Okta's success answer for the verification Twilio holds for `to` and its latest send. */
function success(to = "+12015550123") {
  const verification = receiver.twilio.state.verifications.find((v) => v.to === to)!;
  return {
    commands: [
      {
        type: "com.okta.telephony.action",
        value: [
          {
            status: "SUCCESSFUL",
            provider: "Twilio Verify",
            transactionId: verification.sid,
            transactionMetadata: verification.sendCodeAttempts.at(-1)!.attempt_sid,
          },
        ],
      },
    ],
  };
}

/** What the Worker asked Twilio to send, from the verification Twilio started (full number). */
function sent(to = "+12015550123") {
  const v = receiver.twilio.state.verifications.find((x) => x.to === to)!;
  return { To: v.to, Channel: v.channel, CustomCode: v.customCode, Locale: v.locale };
}

const creates = () =>
  receiver.twilio.recorder.calls.filter((c) => c.operation === "CreateVerification");

let receiver: Receiver;
let sequence = 0;

/**
 * The documented request with a number valid in the default region and a fresh eventId (Okta
 * sends each request once; a repeated eventId is a replay), patched by `messageProfile`.
 */
function payload(messageProfile: Record<string, unknown> = {}): OtpPayload {
  const body = fixture<OtpPayload>(REQUEST);
  body.eventId = `${body.eventId}-${++sequence}`;
  body.data.messageProfile = {
    ...body.data.messageProfile,
    phoneNumber: VALID_US,
    ...messageProfile,
  };
  return body;
}

beforeAll(async () => {
  receiver = await startReceiver({
    bindings: { TELEPHONY_DEADLINE_MS: String(DEADLINE_MS) },
    // The service's template has no Korean (a pre-approved template covers "only a subset" of the
    // Verify Default languages): Twilio answers `Locale=ko` 404.
    twilio: { locales: VERIFY_DEFAULT_LOCALES.filter((l) => l !== "ko") },
  });
}, 30_000);

afterAll(async () => {
  expect(leaksIn(receiver.logs, [...receiver.secrets(), ...OTPS, ...NUMBERS])).toEqual([]);
  expect(receiver.twilio.recorder.gaps).toEqual([]);
  await receiver.close();
});

beforeEach(() => {
  receiver.reset();
});

describe("payloads Okta sends", () => {
  test("the documented request: SMS sent through Twilio Verify with Okta's code", async () => {
    const res = await receiver.postTelephony(payload());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(success());
    // Twilio reads the form only from an application/x-www-form-urlencoded body.
    expect(creates().map((c) => [c.path, c.status, c.caller])).toEqual([
      [`/v2/Services/${SERVICE_SID}/Verifications`, 201, receiver.bindings.TWILIO_ACCOUNT_SID],
    ]);
    // "2015550123" has no country code: read in the default region (US), where it is valid.
    expect(sent()).toEqual({
      To: "+12015550123",
      Channel: "sms",
      CustomCode: "11111",
      Locale: "en",
    });
  });

  test.each<[string, Record<string, unknown>, Record<string, string | undefined>]>([
    [
      "numbers instead of strings",
      { phoneNumber: 12015550123, otpCode: 482913 },
      { To: "+12015550123", CustomCode: "482913" },
    ],
    // With "+" the country is explicit, so only the length is checked (docs/WORKER.md).
    ["Okta's formatted number", { phoneNumber: "+1-555-415-1337" }, { To: "+15554151337" }],
    [
      "an E.164 number in an unassigned range",
      { phoneNumber: "+19876543210" },
      { To: "+19876543210" },
    ],
    ['deliveryChannel "voice call"', { deliveryChannel: "voice call" }, { Channel: "call" }],
    ['deliveryChannel "CALL"', { deliveryChannel: "CALL" }, { Channel: "call" }],
    ['deliveryChannel "sms"', { deliveryChannel: "sms" }, { Channel: "sms" }],
    ["no deliveryChannel", { deliveryChannel: undefined }, { Channel: "sms" }],
    ["locale pt-BR", { locale: "pt-BR" }, { Locale: "pt-BR" }],
    ["locale FR-CA", { locale: "FR-CA" }, { Locale: "fr" }],
    ["locale zh-TW (left to Twilio)", { locale: "zh-TW" }, { Locale: undefined }],
    ["no locale", { locale: undefined }, { Locale: undefined }],
    [
      "only phoneNumber and otpCode",
      {
        msgTemplate: undefined,
        otpExpires: undefined,
        locale: undefined,
        deliveryChannel: undefined,
      },
      { To: "+12015550123", Channel: "sms", CustomCode: "11111", Locale: undefined },
    ],
  ])("%s", async (_label, messageProfile, expected) => {
    const res = await receiver.postTelephony(payload(messageProfile));
    expect(res.status).toBe(200);
    const [verification] = receiver.twilio.state.verifications;
    expect(await res.json()).toEqual(success(verification!.to));
    const form: Record<string, string | undefined> = sent(verification!.to);
    for (const [field, value] of Object.entries(expected)) expect(form[field]).toBe(value);
  });

  test("cloudEventsVersion instead of cloudEventVersion, no requestType or userProfile", async () => {
    const body = payload();
    body.cloudEventsVersion = body.cloudEventVersion;
    delete body.cloudEventVersion;
    delete body.requestType;
    delete body.data.userProfile;
    const res = await receiver.postTelephony(body);
    expect(await res.json()).toEqual(success());
  });

  test.each<[string, Record<string, unknown>, number, string]>([
    ["no otpCode", { otpCode: undefined }, 400, "invalid_payload"],
    ["an otpCode Twilio cannot take", { otpCode: "12" }, 400, "invalid_payload"],
    ["no phoneNumber", { phoneNumber: undefined }, 400, "invalid_payload"],
    ["an unknown deliveryChannel", { deliveryChannel: "fax" }, 400, "invalid_payload"],
    ["a number that cannot be E.164", { phoneNumber: "12" }, 422, "invalid_phone_number"],
    // Not valid in the default region (US), so never sent to a guess: 1e10 would be
    // +1 000 000 0000, the documented sample's 9876543210 has no area code 987, and
    // "06 12 34 56 78" is a French mobile written nationally.
    ["1e10 as a JSON number", { phoneNumber: 1e10 }, 422, "invalid_phone_number"],
    ["the documented sample's number", { phoneNumber: "9876543210" }, 422, "invalid_phone_number"],
    [
      "another country's national number",
      { phoneNumber: "06 12 34 56 78" },
      422,
      "invalid_phone_number",
    ],
  ])(
    "%s: non-200 without calling Twilio (Okta sends the code itself)",
    async (_l, patch, status, code) => {
      const res = await receiver.postTelephony(payload(patch));
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(receiver.twilio.recorder.total).toBe(0);
    },
  );

  test("wrong or missing auth: 401 and Twilio is never called", async () => {
    const wrong = await receiver.postTelephony(payload(), {
      "content-type": "application/json",
      "x-telephony-key": "not-the-secret-not-the-secret",
    });
    const missing = await receiver.postTelephony(payload(), {
      "content-type": "application/json",
    });
    const wrongHeaderName = await receiver.postTelephony(payload(), {
      "content-type": "application/json",
      authorization: receiver.telephonyAuth["x-telephony-key"]!,
    });
    expect([wrong.status, missing.status, wrongHeaderName.status]).toEqual([401, 401, 401]);
    expect(receiver.twilio.recorder.total).toBe(0);
  });
});

describe("replays", () => {
  const PENDING = {
    commands: [
      {
        type: "com.okta.telephony.action",
        value: [{ status: "PENDING", provider: "Twilio Verify" }],
      },
    ],
  };

  test("the same request twice (same eventId) sends one code; the repeat gets PENDING", async () => {
    const body = payload();
    const first = await receiver.postTelephony(body);
    expect(await first.json()).toEqual(success());
    const again = await receiver.postTelephony(body);
    expect([again.status, await again.json()]).toEqual([200, PENDING]);
    expect(await receiver.logged(again, "telephony.replay")).toMatchObject({
      level: "warn",
      eventId: body.eventId,
    });
    expect(creates()).toHaveLength(1);
  });

  test("concurrent copies of one request send one code", async () => {
    const body = payload();
    receiver.twilio.faults.add("CreateVerification:slow100x1");
    const answers = await Promise.all([1, 2, 3].map(() => receiver.postTelephony(body)));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const ok = JSON.stringify(success());
    expect(bodies.filter((b) => JSON.stringify(b) === ok)).toHaveLength(1);
    expect(bodies.filter((b) => JSON.stringify(b) === JSON.stringify(PENDING))).toHaveLength(2);
    expect(creates()).toHaveLength(1);
  });

  test("the log line says how long Twilio took", async () => {
    receiver.twilio.faults.add("CreateVerification:slow100x1");
    const slow = await receiver.postTelephony(payload());
    const line = await receiver.logged(slow, "telephony.sent");
    // The simulator held its answer 100 ms; the rest of the request is not Twilio's.
    expect(line.twilioMs).toBeGreaterThanOrEqual(90);
    expect(line.twilioMs).toBeLessThan(1000);
  });

  test("another eventId for the same number and code is a new request", async () => {
    await receiver.postTelephony(payload());
    const next = await receiver.postTelephony(payload());
    // Twilio sends again under the pending verification: same VE sid, a second attempt.
    expect(await next.json()).toEqual(success());
    expect(creates()).toHaveLength(2);
    expect(receiver.twilio.state.verifications[0]!.sendCodeAttempts).toHaveLength(2);
  });
});

describe("Twilio outcomes → answer to Okta", () => {
  const errorCode = async (res: Response) =>
    ((await res.json()) as { error: { code: string } }).error.code;

  test.each([
    ["60200 invalid parameter", "CreateVerification:400/60200x1", 400],
    ["60204 custom code not allowed", "CreateVerification:400/60204x1", 400],
    ["20003 bad credentials", "CreateVerification:401/20003x1", 401],
  ])(
    "%s: 502 at once, so Okta fails over to its own provider; not retried",
    async (_l, fault, status) => {
      receiver.twilio.faults.add(fault);
      const res = await receiver.postTelephony(payload());
      expect(res.status).toBe(502);
      expect(await errorCode(res)).toBe("twilio_rejected");
      expect(creates().map((c) => c.status)).toEqual([status]);
      expect(await receiver.logged(res, "telephony.failover")).toMatchObject({
        reason: "rejected",
        httpStatus: status,
        phone: "***0123",
      });
    },
  );

  test("60203 max send attempts: 200 with Okta's error object (no failover), not retried", async () => {
    // Five codes already went to this number within Twilio's 10 minutes.
    for (let i = 0; i < 5; i++) receiver.smsSent("+12015550123");
    const res = await receiver.postTelephony(payload());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      error: {
        errorSummary:
          "Too many codes were sent to this phone number. Wait 10 minutes, then try again.",
        errorCauses: [{ errorSummary: "Twilio Verify refused to send (error 60203)" }],
      },
    });
    expect(creates().map((c) => [c.status, c.errorCode])).toEqual([[429, "60203"]]);
  });

  test("20429 is retried and the retry's verification is reported", async () => {
    receiver.twilio.faults.add("CreateVerification:429/20429x1");
    const res = await receiver.postTelephony(payload());
    expect([res.status, await res.json()]).toEqual([200, success()]);
    expect(creates().map((c) => c.status)).toEqual([429, 201]);
  });

  test("5xx is retried", async () => {
    receiver.twilio.faults.add("CreateVerification:500x1");
    receiver.twilio.faults.add("CreateVerification:503x1");
    const res = await receiver.postTelephony(payload());
    expect([res.status, await res.json()]).toEqual([200, success()]);
    expect(creates().map((c) => c.status)).toEqual([500, 503, 201]);
  });

  test("a dropped connection (network error) is retried", async () => {
    receiver.twilio.faults.add("CreateVerification:dropx1");
    const res = await receiver.postTelephony(payload());
    expect([res.status, await res.json()]).toEqual([200, success()]);
    // Status 0: the simulator closed the socket without answering.
    expect(creates().map((c) => c.status)).toEqual([0, 201]);
  });

  test("retryable errors until the deadline: 503 before 3 s, so Okta fails over", async () => {
    receiver.twilio.faults.add("CreateVerification:503");
    const started = Date.now();
    const res = await receiver.postTelephony(payload());
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("twilio_unavailable");
    expect(creates().length).toBeGreaterThanOrEqual(2);
  });

  test("Twilio answers too late: 200 PENDING at the deadline, no retry (it may have sent)", async () => {
    receiver.twilio.faults.add("CreateVerification:slow1000x1");
    const started = Date.now();
    const res = await receiver.postTelephony(payload());
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(elapsed).toBeLessThan(3000);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      commands: [
        {
          type: "com.okta.telephony.action",
          value: [{ status: "PENDING", provider: "Twilio Verify" }],
        },
      ],
    });
    // Twilio did send, late: one call, answered after the Worker stopped waiting.
    await waitFor(() => creates().length > 0, "the late Twilio answer");
    expect(creates().map((c) => c.status)).toEqual([201]);
  });

  test("an unsupported Locale (404) is retried once without Locale, as Twilio recommends", async () => {
    const res = await receiver.postTelephony(payload({ locale: "ko-KR" }));
    expect([res.status, await res.json()]).toEqual([200, success()]);
    // Only `Locale=ko` is 404 on this service, so the first attempt carried it.
    expect(creates().map((c) => [c.status, c.errorCode])).toEqual([
      [404, "20404"],
      [201, undefined],
    ]);
    expect(sent().Locale).toBeUndefined();
  });
});
