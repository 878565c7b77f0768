// Telephony inline hook in workerd: every documented payload variant, and the answer Okta gets
// for each Twilio outcome (sent, refused, rejected, retryable, timed out) within the deadline.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { fixture } from "./support/fixtures";
import { twilioError } from "./support/fake-twilio";
import { leaksIn, startReceiver, type Receiver } from "./support/receiver";

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
const VE_SID = "VEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const VL_SID = "VLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
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

const SUCCESS = {
  commands: [
    {
      type: "com.okta.telephony.action",
      value: [
        {
          status: "SUCCESSFUL",
          provider: "Twilio Verify",
          transactionId: VE_SID,
          transactionMetadata: VL_SID,
        },
      ],
    },
  ],
};

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
  receiver = await startReceiver({ bindings: { TELEPHONY_DEADLINE_MS: String(DEADLINE_MS) } });
}, 30_000);

afterAll(async () => {
  expect(leaksIn(receiver.logs, [...receiver.secrets(), ...OTPS, ...NUMBERS])).toEqual([]);
  await receiver.close();
});

beforeEach(() => {
  receiver.twilio.server.reset();
});

describe("payloads Okta sends", () => {
  test("the documented request: SMS sent through Twilio Verify with Okta's code", async () => {
    const res = await receiver.postTelephony(payload());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(SUCCESS);
    const [create] = receiver.twilio.creates();
    expect(create!.path).toBe("/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Verifications");
    expect(create!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    // "2015550123" has no country code: read in the default region (US), where it is valid.
    expect(create!.form).toEqual({
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
    expect(await res.json()).toEqual(SUCCESS);
    const { form } = receiver.twilio.creates()[0]!;
    for (const [field, value] of Object.entries(expected)) expect(form[field]).toBe(value);
  });

  test("cloudEventsVersion instead of cloudEventVersion, no requestType or userProfile", async () => {
    const body = payload();
    body.cloudEventsVersion = body.cloudEventVersion;
    delete body.cloudEventVersion;
    delete body.requestType;
    delete body.data.userProfile;
    const res = await receiver.postTelephony(body);
    expect(await res.json()).toEqual(SUCCESS);
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
      expect(receiver.twilio.server.requests).toEqual([]);
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
    expect(receiver.twilio.server.requests).toEqual([]);
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
    expect(await first.json()).toEqual(SUCCESS);
    const again = await receiver.postTelephony(body);
    expect([again.status, await again.json()]).toEqual([200, PENDING]);
    expect(await receiver.logged(again, "telephony.replay")).toMatchObject({
      level: "warn",
      eventId: body.eventId,
    });
    expect(receiver.twilio.creates()).toHaveLength(1);
  });

  test("concurrent copies of one request send one code", async () => {
    const body = payload();
    receiver.twilio.script("create", {
      status: 201,
      body: fixture("twilio-verify-create-response.json"),
      delayMs: 100,
    });
    const answers = await Promise.all([1, 2, 3].map(() => receiver.postTelephony(body)));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(bodies.filter((b) => JSON.stringify(b) === JSON.stringify(SUCCESS))).toHaveLength(1);
    expect(bodies.filter((b) => JSON.stringify(b) === JSON.stringify(PENDING))).toHaveLength(2);
    expect(receiver.twilio.creates()).toHaveLength(1);
  });

  test("another eventId for the same number and code is a new request", async () => {
    await receiver.postTelephony(payload());
    const next = await receiver.postTelephony(payload());
    expect(await next.json()).toEqual(SUCCESS);
    expect(receiver.twilio.creates()).toHaveLength(2);
  });
});

describe("Twilio outcomes → answer to Okta", () => {
  const errorCode = async (res: Response) =>
    ((await res.json()) as { error: { code: string } }).error.code;

  test.each([
    ["60200 invalid parameter", fixture("twilio-error-60200-invalid-parameter.json"), 400],
    [
      "60204 custom code not allowed",
      fixture("twilio-error-60204-custom-code-not-allowed.INFERRED.json"),
      400,
    ],
    ["20003 bad credentials", { code: 20003, message: "Authenticate", status: 401 }, 401],
  ])(
    "%s: 502 at once, so Okta fails over to its own provider; not retried",
    async (_l, body, status) => {
      receiver.twilio.script("create", { status, body });
      const res = await receiver.postTelephony(payload());
      expect(res.status).toBe(502);
      expect(await errorCode(res)).toBe("twilio_rejected");
      expect(receiver.twilio.creates()).toHaveLength(1);
      expect(await receiver.logged(res, "telephony.failover")).toMatchObject({
        reason: "rejected",
        httpStatus: status,
        phone: "***0123",
      });
    },
  );

  test("60203 max send attempts: 200 with Okta's error object (no failover), not retried", async () => {
    receiver.twilio.script("create", twilioError(429, 60203, "Max send attempts reached"));
    const res = await receiver.postTelephony(payload());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      error: {
        errorSummary:
          "Too many codes were sent to this phone number. Wait 10 minutes, then try again.",
        errorCauses: [{ errorSummary: "Twilio Verify refused to send (error 60203)" }],
      },
    });
    expect(receiver.twilio.creates()).toHaveLength(1);
  });

  test("20429 is retried and the retry's verification is reported", async () => {
    receiver.twilio.script("create", twilioError(429, 20429, "Too many concurrent requests"));
    const res = await receiver.postTelephony(payload());
    expect([res.status, await res.json()]).toEqual([200, SUCCESS]);
    expect(receiver.twilio.creates()).toHaveLength(2);
  });

  test("5xx is retried", async () => {
    receiver.twilio.script("create", { status: 500, body: "" }, { status: 503, body: "" });
    const res = await receiver.postTelephony(payload());
    expect([res.status, await res.json()]).toEqual([200, SUCCESS]);
    expect(receiver.twilio.creates()).toHaveLength(3);
  });

  test("a dropped connection (network error) is retried", async () => {
    receiver.twilio.script("create", { status: 0, destroy: true });
    const res = await receiver.postTelephony(payload());
    expect([res.status, await res.json()]).toEqual([200, SUCCESS]);
    expect(receiver.twilio.creates()).toHaveLength(2);
  });

  test("retryable errors until the deadline: 503 before 3 s, so Okta fails over", async () => {
    const always = Array.from({ length: 20 }, () => ({ status: 503, body: "" }));
    receiver.twilio.script("create", ...always);
    const started = Date.now();
    const res = await receiver.postTelephony(payload());
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("twilio_unavailable");
    expect(receiver.twilio.creates().length).toBeGreaterThanOrEqual(2);
  });

  test("Twilio answers too late: 200 PENDING at the deadline, no retry (it may have sent)", async () => {
    receiver.twilio.script("create", {
      status: 201,
      body: fixture("twilio-verify-create-response.json"),
      delayMs: 5000,
    });
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
    expect(receiver.twilio.creates()).toHaveLength(1);
  });

  test("an unsupported Locale (404) is retried once without Locale, as Twilio recommends", async () => {
    receiver.twilio.script("create", twilioError(404, 20404, "Not found"));
    const res = await receiver.postTelephony(payload({ locale: "ko-KR" }));
    expect([res.status, await res.json()]).toEqual([200, SUCCESS]);
    const [first, second] = receiver.twilio.creates();
    expect(first!.form.Locale).toBe("ko");
    expect(second!.form.Locale).toBeUndefined();
  });

  test("a 201 without attempts is still SUCCESSFUL, without transactionMetadata", async () => {
    receiver.twilio.script("create", { status: 201, body: { sid: VE_SID, status: "pending" } });
    const res = await receiver.postTelephony(payload());
    expect(await res.json()).toEqual({
      commands: [
        {
          type: "com.okta.telephony.action",
          value: [{ status: "SUCCESSFUL", provider: "Twilio Verify", transactionId: VE_SID }],
        },
      ],
    });
  });
});
