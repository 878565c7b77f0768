// Pure pieces of the Worker, table-driven, in Node: binding validation, payload reading, event
// selection, locale and phone mapping, de-duplication, log masking.

import { afterEach, describe, expect, test, vi } from "vitest";
import { constantTimeEqual } from "../../worker/auth";
import { readConfig, WORKER_BINDINGS, type Env } from "../../worker/env";
import { ConfigError, RequestError } from "../../worker/errors";
import { toTwilioLocale } from "../../worker/locale";
import { maskPhone } from "../../worker/log";
import { selectPhoneMfaEvents } from "../../worker/mfa-events";
import { toE164 } from "../../worker/phone";
import { RecentIds } from "../../worker/dedupe";
import {
  ANSWER_MAX_MS,
  ANSWER_QUIET_MS,
  Backlog,
  GIVE_WAY_MAX_MS,
  POLL_MS,
} from "../../worker/backlog";
import { parseOtpRequest } from "../../worker/telephony-payload";
import { successful } from "../../worker/telephony-response";
import { Deadline } from "../../worker/deadline";
import { createLogger } from "../../worker/log";
import { backoffMs, createTwilioVerify, type CodeRequest } from "../../worker/twilio";
import { fixture } from "./support/fixtures";
import { leaksIn } from "./support/receiver";

const VALID_ENV: Env = {
  OKTA_ORG_URL: "https://example.okta.com/",
  OKTA_CLIENT_ID: "0oar95zt9zIpYuz6A0h7",
  OKTA_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
  OKTA_KEY_ID: "my_key_id",
  OKTA_DPOP: "TRUE",
  EVENT_HOOK_AUTH_HEADER: "Authorization",
  EVENT_HOOK_SECRET: "Basic YWRtaW46c3VwZXJzZWNyZXQ=",
  TELEPHONY_AUTH_HEADER: "x-telephony-key",
  TELEPHONY_SECRET: "0123456789abcdef0123",
  TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "token-value-1234",
  TWILIO_VERIFY_SERVICE_SID: `VA${"a".repeat(32)}`,
};

function configError(env: Partial<Record<keyof Env, string | undefined>>): ConfigError {
  try {
    readConfig({ ...VALID_ENV, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("readConfig", () => {
  test("normalises a valid environment and applies defaults", () => {
    const config = readConfig(VALID_ENV);
    expect(config.okta).toMatchObject({
      orgUrl: "https://example.okta.com",
      tokenUrl: "https://example.okta.com/oauth2/v1/token",
      dpop: true,
    });
    expect(config.eventHookAuth.header).toBe("authorization");
    expect(config.twilio.apiBase).toBe("https://verify.twilio.com");
    expect(config.phoneDefaultRegion).toBe("US");
    expect(config.telephonyDeadlineMs).toBe(2200);
    expect([config.feedbackMaxInFlight, config.feedbackMaxPending]).toEqual([32, 10_000]);
  });

  test("accepts loopback stand-ins for tests", () => {
    const config = readConfig({
      ...VALID_ENV,
      OKTA_ORG_URL: "http://127.0.0.1:4000",
      TWILIO_API_BASE: "http://127.0.0.1:4001/",
    });
    expect([config.okta.orgUrl, config.twilio.apiBase]).toEqual([
      "http://127.0.0.1:4000",
      "http://127.0.0.1:4001",
    ]);
  });

  test.each<[string, Partial<Record<keyof Env, string | undefined>>, string]>([
    ["missing client id", { OKTA_CLIENT_ID: undefined }, "OKTA_CLIENT_ID"],
    ["the -admin org URL", { OKTA_ORG_URL: "https://example-admin.okta.com" }, "OKTA_ORG_URL"],
    ["plain http off loopback", { OKTA_ORG_URL: "http://example.okta.com" }, "OKTA_ORG_URL"],
    ["an org URL with a path", { OKTA_ORG_URL: "https://example.okta.com/oauth2" }, "OKTA_ORG_URL"],
    ["a PKCS#1 key", { OKTA_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----" }, "OKTA_PRIVATE_KEY"],
    ["OKTA_DPOP not a boolean", { OKTA_DPOP: "yes" }, "OKTA_DPOP"],
    ["a header name with a space", { EVENT_HOOK_AUTH_HEADER: "x auth" }, "EVENT_HOOK_AUTH_HEADER"],
    ["a short event secret", { EVENT_HOOK_SECRET: "abc" }, "EVENT_HOOK_SECRET"],
    ["a malformed account SID", { TWILIO_ACCOUNT_SID: "AC123" }, "TWILIO_ACCOUNT_SID"],
    [
      "a malformed service SID",
      { TWILIO_VERIFY_SERVICE_SID: `AC${"a".repeat(32)}` },
      "TWILIO_VERIFY_SERVICE_SID",
    ],
    [
      "a Twilio base that is not Twilio",
      { TWILIO_API_BASE: "https://api.example.com" },
      "TWILIO_API_BASE",
    ],
    ["a lower-case region", { PHONE_DEFAULT_REGION: "us" }, "PHONE_DEFAULT_REGION"],
    ["a deadline over 2800 ms", { TELEPHONY_DEADLINE_MS: "2900" }, "TELEPHONY_DEADLINE_MS"],
    ["a fractional deadline", { TELEPHONY_DEADLINE_MS: "1000.5" }, "TELEPHONY_DEADLINE_MS"],
    ["no in-flight slots", { FEEDBACK_MAX_IN_FLIGHT: "0" }, "FEEDBACK_MAX_IN_FLIGHT"],
    ["a pending cap past 100000", { FEEDBACK_MAX_PENDING: "100001" }, "FEEDBACK_MAX_PENDING"],
  ])("rejects %s, naming the binding and not its value", (_label, env, name) => {
    const error = configError(env);
    expect(error.code).toBe("config_invalid");
    expect(error.bindings).toEqual([name]);
    expect(error.message).toBe(`invalid or missing bindings: ${name}`);
  });

  test("reports every bad binding at once", () => {
    expect(configError({ OKTA_CLIENT_ID: "", TWILIO_AUTH_TOKEN: " " }).bindings).toEqual([
      "OKTA_CLIENT_ID",
      "TWILIO_AUTH_TOKEN",
    ]);
  });
});

describe("WORKER_BINDINGS", () => {
  test("lists every Env key once; exactly the four credentials are secret", () => {
    expect(WORKER_BINDINGS.map((b) => b.name).sort()).toEqual(
      [
        ...Object.keys(VALID_ENV),
        "TWILIO_API_BASE",
        "PHONE_DEFAULT_REGION",
        "TELEPHONY_DEADLINE_MS",
        "FEEDBACK_MAX_IN_FLIGHT",
        "FEEDBACK_MAX_PENDING",
      ].sort(),
    );
    expect(WORKER_BINDINGS.filter((b) => b.type === "secret_text").map((b) => b.name)).toEqual([
      "OKTA_PRIVATE_KEY",
      "EVENT_HOOK_SECRET",
      "TELEPHONY_SECRET",
      "TWILIO_AUTH_TOKEN",
    ]);
    expect(WORKER_BINDINGS.filter((b) => !b.required).map((b) => b.name)).toEqual([
      "TWILIO_API_BASE",
      "PHONE_DEFAULT_REGION",
      "FEEDBACK_MAX_IN_FLIGHT",
      "FEEDBACK_MAX_PENDING",
      "TELEPHONY_DEADLINE_MS",
    ]);
  });
});

describe("parseOtpRequest", () => {
  const sample = () =>
    fixture<{ data: { messageProfile: Record<string, unknown> } }>(
      "okta-telephony-hook-request.json",
    );

  test("reads the documented request", () => {
    expect(parseOtpRequest(sample())).toEqual({
      phoneNumber: "9876543210",
      otpCode: "11111",
      channel: "sms",
      locale: "EN-US",
      requestType: "com.okta.user.telephony.pre-enrollment",
      userId: "00uyxxSknGtK8022w0g3",
      eventId: "uS5871kJThSsU8qlA1LTcg",
    });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["otpCode", { otpCode: null }, "missing or invalid data.messageProfile.otpCode"],
    ["otpCode", { otpCode: "12345678901" }, "missing or invalid data.messageProfile.otpCode"],
    ["otpCode", { otpCode: -1234 }, "missing or invalid data.messageProfile.otpCode"],
    ["phoneNumber", { phoneNumber: "" }, "missing or invalid data.messageProfile.phoneNumber"],
    ["phoneNumber", { phoneNumber: 1.5 }, "missing or invalid data.messageProfile.phoneNumber"],
    [
      "deliveryChannel",
      { deliveryChannel: "email" },
      "missing or invalid data.messageProfile.deliveryChannel",
    ],
  ])("rejects a bad %s with invalid_payload", (_field, patch, message) => {
    const body = sample();
    Object.assign(body.data.messageProfile, patch);
    let error: unknown;
    try {
      parseOtpRequest(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: "invalid_payload", status: 400, message });
  });

  test("rejects a body that is not an object", () => {
    expect(() => parseOtpRequest([])).toThrow("missing or invalid data.messageProfile.phoneNumber");
  });
});

describe("toTwilioLocale", () => {
  test.each<[string | undefined, string | undefined]>([
    ["EN-US", "en"],
    ["en_GB", "en-GB"],
    ["PT-BR", "pt-BR"],
    ["pt-PT", "pt"],
    ["zh-CN", "zh-CN"],
    ["ZH-HK", "zh-HK"],
    ["zh-TW", undefined],
    ["zh-Hant-TW", undefined],
    ["iw-IL", "he"],
    ["no-NO", "nb"],
    ["ga-IE", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%s → %s", (okta, twilio) => {
    expect(toTwilioLocale(okta)).toBe(twilio);
  });
});

describe("toE164", () => {
  test.each<[string | number, string, string | undefined]>([
    ["+1-555-415-1337", "US", "+15554151337"],
    [12015550123, "US", "+12015550123"],
    ["020 7946 0958", "GB", "+442079460958"],
    ["+44 20 7946 0958", "US", "+442079460958"],
    ["12", "US", undefined],
    ["not a number", "US", undefined],
    ["", "US", undefined],
    // Without "+": valid in the default region, or not sent at all.
    ["2015550123", "US", "+12015550123"],
    ["(201) 555-0123", "US", "+12015550123"],
    ["6135550123", "US", "+16135550123"], // Canada shares +1: the same number dialled from the US
    ["011 44 20 7946 0958", "US", "+442079460958"], // the US international prefix is explicit
    ["9876543210", "US", undefined], // 987 is no area code
    [10_000_000_000, "US", undefined], // 1e10 would be +1 000 000 0000
    ["06 12 34 56 78", "US", undefined], // a French mobile written nationally
    ["06 12 34 56 78", "FR", "+33612345678"],
    // With "+": the length only, whatever the metadata says about the range.
    ["+19876543210", "US", "+19876543210"],
    ["+1 555 415 1337", "FR", "+15554151337"],
  ])("%s in %s → %s", (raw, region, e164) => {
    expect(toE164(raw, region)).toBe(e164);
  });
});

describe("Twilio retries", () => {
  afterEach(() => vi.restoreAllMocks());

  /** A Twilio client whose fetch answers `replies` in order and records when each call came. */
  function twilioWith(replies: Array<() => Response>) {
    const calls: number[] = [];
    const fetchFn = async () => {
      calls.push(Date.now());
      return replies[calls.length - 1]!();
    };
    const twilio = createTwilioVerify(
      {
        accountSid: `AC${"a".repeat(32)}`,
        authToken: "token",
        serviceSid: `VA${"a".repeat(32)}`,
        apiBase: "https://verify.twilio.com",
      },
      fetchFn,
    );
    return { twilio, calls };
  }
  const tooMany = (retryAfter: string) => () =>
    new Response(JSON.stringify({ code: 20429, status: 429 }), {
      status: 429,
      headers: { "retry-after": retryAfter },
    });
  const approved = () => new Response(JSON.stringify({ status: "approved" }), { status: 200 });

  test.each([0, 0.999])(
    "Retry-After is a minimum: the retry waits at least that long (Math.random() = %s)",
    async (random) => {
      vi.spyOn(Math, "random").mockReturnValue(random);
      const { twilio, calls } = twilioWith([tooMany("1"), approved]);
      const log = createLogger("test", () => {});
      expect(await twilio.approveByPhone("+12015550123", new Deadline(25_000), log)).toBe(
        "approved",
      );
      expect(calls).toHaveLength(2);
      expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(1000);
    },
  );

  test("a 201 without send_code_attempts is sent, without an attempt sid to report", async () => {
    // Twilio's resource lists attempts, but the Worker must not depend on them: the telephony
    // answer then carries transactionId only (worker/telephony-response.ts successful()).
    const sid = `VE${"b".repeat(32)}`;
    const created = () => new Response(JSON.stringify({ sid, status: "pending" }), { status: 201 });
    const { twilio } = twilioWith([created]);
    const log = createLogger("test", () => {});
    const request: CodeRequest = {
      to: "+12015550123",
      channel: "sms",
      customCode: "11111",
      locale: undefined,
    };
    expect(await twilio.sendCode(request, new Deadline(2_200), log)).toEqual({
      kind: "sent",
      sid,
      attemptSid: undefined,
    });
    expect(successful(sid, undefined)).toEqual({
      commands: [
        {
          type: "com.okta.telephony.action",
          value: [{ status: "SUCCESSFUL", provider: "Twilio Verify", transactionId: sid }],
        },
      ],
    });
  });

  test.each<[number, string | undefined, number, number]>([
    [0, "1", 1, 1000],
    [0.999, "1", 1, 1250],
    [0.5, "2", 3, 2250],
    [0, undefined, 1, 75],
    [0.999, undefined, 3, 500],
  ])(
    "backoff with Math.random() = %s and Retry-After %s before attempt %s + 1: %s ms",
    (random, retryAfter, attempt, wait) => {
      vi.spyOn(Math, "random").mockReturnValue(random);
      const headers = new Headers(retryAfter === undefined ? {} : { "retry-after": retryAfter });
      expect(backoffMs(attempt, { kind: "response", status: 429, headers, text: "" })).toBe(wait);
    },
  );
});

describe("selectPhoneMfaEvents", () => {
  type Delivery = { data: { events: Record<string, unknown>[] } };
  const events = (name: string) => fixture<Delivery>(name).data.events;

  test("auth_via_mfa with SMS_FACTOR: the actor is the user", () => {
    expect(selectPhoneMfaEvents(events("okta-event-hook-auth-via-mfa.DERIVED.json"))).toEqual([
      {
        uuid: "0b6f3e8a-cc1a-11ed-a688-db22c99ef6c4",
        eventType: "user.authentication.auth_via_mfa",
        userId: "00uz9fj5aT69fHVro1d6",
        factor: "sms",
      },
    ]);
  });

  test("factor.activate: the User target", () => {
    const [event] = selectPhoneMfaEvents(
      events("okta-event-hook-mfa-factor-activate.DERIVED.json"),
    );
    expect(event).toMatchObject({
      eventType: "user.mfa.factor.activate",
      userId: "00uz9fj5aT69fHVro1d6",
    });
  });

  test("other events, failures, unsafe ids and non-objects are skipped", () => {
    const [mfa] = events("okta-event-hook-auth-via-mfa.DERIVED.json");
    const unsafe = { ...mfa, actor: { type: "User", id: "../../apps" } };
    const failed = { ...mfa, outcome: { result: "FAILURE" } };
    const session = events("okta-event-hook-delivery-user-session-start.json")[0]!;
    expect(selectPhoneMfaEvents([unsafe, failed, session, null, "x", 3])).toEqual([]);
  });
});

describe("RecentIds", () => {
  test("claims once, forgets released ids, evicts the least recently used", () => {
    const ids = new RecentIds(2);
    expect([ids.claim("a"), ids.claim("a")]).toEqual([true, false]);
    ids.release("a");
    expect(ids.claim("a")).toBe(true);
    ids.claim("b");
    ids.claim("a"); // touch a: b is now the oldest
    ids.claim("c");
    expect(ids.size).toBe(2);
    expect([ids.claim("b"), ids.claim("c")]).toEqual([true, false]);
  });

  test("agrees with a plain LRU list over many evictions, touches and releases", () => {
    // Enough churn for V8 to compact the map many times under the long-lived oldest-entry iterator.
    const capacity = 50;
    const ids = new RecentIds(capacity);
    const model: string[] = []; // oldest first
    let x = 7; // xorshift32: a fixed, well-spread sequence of 200 ids
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % 200;
    };
    for (let step = 0; step < 5_000; step++) {
      const id = `e${next()}`;
      const at = model.indexOf(id);
      if (step % 7 === 0) {
        ids.release(id);
        if (at >= 0) model.splice(at, 1);
        continue;
      }
      expect(ids.claim(id)).toBe(at < 0);
      if (at >= 0) model.splice(at, 1);
      model.push(id);
      if (model.length > capacity) model.shift();
      expect(ids.size).toBe(model.length);
    }
    for (const id of model) expect(ids.claim(id)).toBe(false);
  });

  test("a capacity below 1 is a programming error", () => {
    expect(() => new RecentIds(0)).toThrow(TypeError);
  });
});

describe("Backlog", () => {
  test("admits up to the pending cap; finished events make room again", () => {
    const backlog = new Backlog(4, 5);
    expect([backlog.admit(3), backlog.admit(3), backlog.admit(1)]).toEqual([3, 2, 0]);
    backlog.finish(2);
    expect([backlog.pending, backlog.admit(9)]).toEqual([3, 2]);
  });

  test("grants in-flight slots up to the cap, then first come first served", async () => {
    const backlog = new Backlog(2, 100);
    const deadline = new Deadline(10_000);
    expect(await Promise.all([backlog.acquire(deadline), backlog.acquire(deadline)])).toEqual([
      true,
      true,
    ]);
    const order: string[] = [];
    const third = backlog.acquire(deadline).then((ok) => order.push(`third ${ok}`));
    const fourth = backlog.acquire(deadline).then((ok) => order.push(`fourth ${ok}`));
    expect([backlog.inFlightCount, backlog.waiting]).toEqual([2, 2]);
    backlog.release();
    await third;
    backlog.release();
    await fourth;
    expect(order).toEqual(["third true", "fourth true"]);
    // A slot handed to a waiter is never freed in between: still 2 in flight.
    expect([backlog.inFlightCount, backlog.waiting]).toEqual([2, 0]);
    backlog.release();
    backlog.release();
    expect(backlog.inFlightCount).toBe(0);
  });

  test("a waiter whose deadline passes gets false and is skipped by later releases", async () => {
    const backlog = new Backlog(1, 100);
    expect(await backlog.acquire(new Deadline(10_000))).toBe(true);
    expect(await backlog.acquire(new Deadline(20))).toBe(false);
    expect(await backlog.acquire(new Deadline(0))).toBe(false);
    // Less than the caller's minimum left: refused even with a slot free.
    expect(await new Backlog(1, 1).acquire(new Deadline(100), 200)).toBe(false);
    const patient = backlog.acquire(new Deadline(10_000));
    backlog.release();
    expect(await patient).toBe(true);
    expect([backlog.inFlightCount, backlog.waiting]).toEqual([1, 0]);
  });
});

describe("Backlog: background work gives way to answers", () => {
  afterEach(() => vi.useRealTimers());

  const settled = async (promise: Promise<unknown>) => {
    let done = false;
    void promise.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  test("goes on at once when no answer is in progress", async () => {
    expect(await settled(new Backlog(1, 1).giveWay())).toBe(true);
  });

  test("waits until the last answer in progress is done, noticing it on its own timer", async () => {
    vi.useFakeTimers();
    const backlog = new Backlog(1, 1);
    const first = backlog.answerStarted();
    const second = backlog.answerStarted();
    const step = backlog.giveWay();
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(await settled(step)).toBe(false);
    backlog.answerDone(first);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(await settled(step)).toBe(false);
    backlog.answerDone(second);
    // Not resumed by answerDone itself (that runs in the answering request's context), nor
    // before the isolate has been quiet for ANSWER_QUIET_MS.
    expect(await settled(step)).toBe(false);
    await vi.advanceTimersByTimeAsync(ANSWER_QUIET_MS - 1);
    expect(await settled(step)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(step)).toBe(true);
  });

  test(`answers back to back, none in progress when it looks, still hold a step ${GIVE_WAY_MAX_MS} ms`, async () => {
    vi.useFakeTimers();
    const backlog = new Backlog(1, 1);
    backlog.answerDone(backlog.answerStarted());
    const step = backlog.giveWay();
    // A steady stream of short answers: each done within the millisecond it started.
    for (let ms = 1; ms < GIVE_WAY_MAX_MS; ms++) {
      backlog.answerDone(backlog.answerStarted());
      await vi.advanceTimersByTimeAsync(1);
      expect(await settled(step)).toBe(false);
    }
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(step)).toBe(true);
  });

  test(`under answers without end, goes on after ${GIVE_WAY_MAX_MS} ms`, async () => {
    vi.useFakeTimers();
    const backlog = new Backlog(1, 1);
    backlog.answerStarted();
    const step = backlog.giveWay();
    await vi.advanceTimersByTimeAsync(GIVE_WAY_MAX_MS - 1);
    expect(await settled(step)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(step)).toBe(true);
  });

  test(`an answer never marked done stops counting after ${ANSWER_MAX_MS} ms`, async () => {
    vi.useFakeTimers();
    const backlog = new Backlog(1, 1);
    backlog.answerStarted(); // a request the runtime cancelled before its finally ran
    await vi.advanceTimersByTimeAsync(ANSWER_MAX_MS);
    expect(await settled(backlog.giveWay())).toBe(true);
  });

  test("a long queue costs a few looks per waiter, not one per waiter per millisecond", async () => {
    vi.useFakeTimers();
    const backlog = new Backlog(1, 10_000);
    const deadline = new Deadline(60_000);
    expect(await backlog.acquire(deadline)).toBe(true);
    const waiters = Array.from({ length: 1000 }, () => backlog.acquire(deadline));
    // Counted by a wrapper put back by hand, not vi.spyOn: vitest 4.1 keeps a spy's restore and
    // runs it again after the file (restoreAllMocks), which would put this fake setTimeout back
    // into whatever file next shares the process.
    const fakeSetTimeout = globalThis.setTimeout;
    let looks = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      looks++;
      return fakeSetTimeout(...args);
    }) as typeof setTimeout;
    try {
      // One slot turned over per ms, as a steady upstream would, for 400 ms.
      for (let ms = 0; ms < 400; ms++) {
        backlog.release();
        await vi.advanceTimersByTimeAsync(1);
      }
    } finally {
      globalThis.setTimeout = fakeSetTimeout;
    }
    // Polling every ms would be ~1000 × 400 looks; measured from the grant rate it is far fewer.
    expect(looks).toBeLessThan(20_000);
    // Every one of the 400 served looked at least once: the wrapper saw the Backlog's timers.
    expect(looks).toBeGreaterThanOrEqual(400);
    // And the first 400 in the queue have their slots, in order, with none lost.
    expect(backlog.inFlightCount).toBe(1);
    for (let i = 0; i < 700; i++) {
      backlog.release();
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await Promise.all(waiters)).every(Boolean)).toBe(true);
  });

  test("a released slot reaches its waiter on the waiter's own timer, not in release()", async () => {
    vi.useFakeTimers();
    const backlog = new Backlog(1, 100);
    const deadline = new Deadline(10_000);
    expect(await backlog.acquire(deadline)).toBe(true);
    const next = backlog.acquire(deadline);
    backlog.release();
    expect(await settled(next)).toBe(false);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(await next).toBe(true);
    expect(backlog.inFlightCount).toBe(1);
  });
});

/**
 * worker/event-processor.ts reaches modules typed for the Workers runtime (worker/tsconfig.json),
 * which this project's Node tsconfig cannot check: the module is loaded untyped here, and the
 * Worker's own typecheck covers it.
 */
interface EventProcessorModule {
  readonly EVENT_MIN_MS: number;
  processDelivery(
    candidates: readonly object[],
    delivery: { eventId: string; events: number },
    deps: Record<string, unknown>,
    log: ReturnType<typeof createLogger>,
  ): Promise<void>;
}
const eventProcessor = "../../worker/event-processor";

describe("processDelivery near the end of its budget", () => {
  test("an event with too little budget left is shed by budget, not failed, and calls nothing", async () => {
    const { EVENT_MIN_MS, processDelivery } = (await import(
      eventProcessor
    )) as EventProcessorModule;
    const lines: string[] = [];
    const log = createLogger("t", (line) => lines.push(line));
    const upstream = () => {
      throw new Error("no upstream call expected");
    };
    const recent = new RecentIds(10);
    const backlog = new Backlog(4, 100);
    const events = ["u1", "u2"].map((uuid) => ({
      uuid,
      eventType: "user.authentication.auth_via_mfa",
      userId: `00u${uuid}`,
      factor: "sms" as const,
    }));
    await processDelivery(
      events,
      { eventId: "d1", events: 2 },
      {
        okta: new Proxy({}, { get: () => upstream }),
        twilio: { sendCode: upstream, approveByPhone: upstream },
        recent,
        backlog,
        phoneDefaultRegion: "US",
        budgetMs: EVENT_MIN_MS - 1,
      },
      log,
    );
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.find((l) => l.msg === "event.shed")).toMatchObject({ shed: 2, reason: "budget" });
    expect(parsed.find((l) => l.msg === "event_hook.delivery_done")).toMatchObject({
      shed: 2,
      failed: 0,
      approved: 0,
    });
    // The slots and the ids came back: a redelivery is processed.
    expect([backlog.inFlightCount, backlog.pending, recent.claim("u1")]).toEqual([0, 0, true]);
  });
});

describe("toE164's cache of recent numbers", () => {
  test("gives the same answers the second time, refusals included, past its capacity", () => {
    const numbers = Array.from({ length: 3000 }, (_, i) => `+1 201 5${String(i).padStart(6, "0")}`);
    const first = numbers.map((n) => toE164(n, "US"));
    expect(numbers.map((n) => toE164(n, "US"))).toEqual(first);
    expect(first[42]).toBe("+12015000042");
    expect([toE164("9876543210", "US"), toE164("9876543210", "US")]).toEqual([
      undefined,
      undefined,
    ]);
    // The region is part of the key: the same text reads differently elsewhere.
    expect([toE164("06 12 34 56 78", "US"), toE164("06 12 34 56 78", "FR")]).toEqual([
      undefined,
      "+33612345678",
    ]);
  });
});

describe("constantTimeEqual", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  test.each([
    ["secret-value-1234", "secret-value-1234", true],
    ["secret-value-1235", "secret-value-1234", false],
    ["secret-value-123", "secret-value-1234", false],
    ["secret-value-12345", "secret-value-1234", false],
    ["", "secret-value-1234", false],
    ["secret-value-1234secret-value-1234", "secret-value-1234", false],
  ])("%s vs %s → %s", (actual, expected, equal) => {
    expect(constantTimeEqual(bytes(actual), bytes(expected))).toBe(equal);
  });
});

describe("log hygiene helpers", () => {
  test.each([
    ["+15554151337", "***1337"],
    ["+1-555-415-1337", "***1337"],
    ["12345", "***45"],
    ["12", "***"],
  ])("maskPhone(%s) = %s", (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  test("a log line is one JSON object: level, msg, requestId, then the fields in order", () => {
    const lines: string[] = [];
    const log = createLogger('id-"1"', (line) => lines.push(line));
    log.log("info", "a.b", { n: 1, s: 'q"uote', none: undefined, nil: null, yes: true });
    log.log("warn", "empty", {});
    log.log("error", "bare");
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: "info", msg: "a.b", requestId: 'id-"1"', n: 1, s: 'q"uote', nil: null, yes: true },
      { level: "warn", msg: "empty", requestId: 'id-"1"' },
      { level: "error", msg: "bare", requestId: 'id-"1"' },
    ]);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([
      "level",
      "msg",
      "requestId",
      "n",
      "s",
      "nil",
      "yes",
    ]);
  });

  test("leaksIn finds a secret anywhere in a raw line", () => {
    const logs = [{ raw: '{"msg":"x","note":"token abc123def"}' }];
    expect(leaksIn(logs, ["abc123def"])).toHaveLength(1);
    expect(leaksIn(logs, ["zzz"])).toEqual([]);
  });
});
