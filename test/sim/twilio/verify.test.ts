// The Twilio Verify simulator: driven by the Worker's own Twilio client (worker/twilio.ts) for every
// outcome the Worker handles, and by raw requests for the wire details and every bad input.
// What this does not prove: that real Twilio answers these exact bodies (see fixtures/SOURCES.md).
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simClock } from "../../../sim/shared/clock";
import { startTwilioSim, type TwilioSim } from "../../../sim/twilio/index";
import {
  HISTORY,
  LIFETIME_MS,
  MAX_SENDS,
  VERIFY_DEFAULT_LOCALES,
} from "../../../sim/twilio/verifications";
import { Deadline } from "../../../worker/deadline";
import { createLogger } from "../../../worker/log";
import { createTwilioVerify, type CodeRequest } from "../../../worker/twilio";

let sim: TwilioSim;
const clock = simClock({ scale: 100 });

beforeAll(async () => {
  sim = await startTwilioSim({ clock, retryAfterSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.faults.clear();
  sim.recorder.clear();
});

const log = createLogger("test", () => {});
const client = () =>
  createTwilioVerify(
    {
      accountSid: sim.accountSid,
      authToken: sim.authToken,
      serviceSid: sim.serviceSid,
      apiBase: sim.url,
    },
    (input, init) => fetch(input, init),
  );
let phone = 15017120000;
/** A number no earlier test used, so the per-number send limit never carries over. */
const nextPhone = () => `+${++phone}`;
const code = (to: string): CodeRequest => ({
  to,
  channel: "sms",
  customCode: "482916",
  locale: undefined,
});
const deadline = (ms = 2200) => new Deadline(ms);

const basic = () => `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString("base64")}`;
const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}/v2/Services/${sim.serviceSid}/Verifications${path}`, {
    method: "POST",
    headers: {
      authorization: basic(),
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams(form),
  });

describe("what worker/twilio.ts calls", () => {
  it("creates a verification with Okta's code as CustomCode (201, Twilio's resource shape)", async () => {
    const to = nextPhone();
    const result = await client().sendCode(code(to), deadline(), log);
    const v = sim.state.verifications.find((x) => x.to === to)!;
    expect(result).toEqual({
      kind: "sent",
      sid: v.sid,
      attemptSid: v.sendCodeAttempts[0]!.attempt_sid,
    });
    expect(v).toMatchObject({ status: "pending", channel: "sms", customCode: "482916" });
    expect(v.sid).toMatch(/^VE[0-9a-f]{32}$/);
    const body = (await (
      await post("", { To: nextPhone(), Channel: "call", CustomCode: "1234" })
    ).json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        "account_sid",
        "amount",
        "channel",
        "date_created",
        "date_updated",
        "lookup",
        "payee",
        "send_code_attempts",
        "service_sid",
        "sid",
        "sna",
        "status",
        "to",
        "url",
        "valid",
      ].sort(),
    );
    expect(body).toMatchObject({
      channel: "call",
      status: "pending",
      valid: false,
      account_sid: sim.accountSid,
    });
  });

  it("approves by phone number, after which the verification is gone (20404)", async () => {
    const to = nextPhone();
    await client().sendCode(code(to), deadline(), log);
    expect(await client().approveByPhone(to, deadline(), log)).toBe("approved");
    expect(sim.state.verifications.find((v) => v.to === to)!.status).toBe("approved");
    expect(await client().approveByPhone(to, deadline(), log)).toBe("not_found");
    expect(sim.recorder.calls.map((c) => [c.operation, c.status, c.errorCode])).toEqual([
      ["CreateVerification", 201, undefined],
      ["UpdateVerification", 200, undefined],
      ["UpdateVerification", 404, "20404"],
    ]);
  });

  it("60200 from a bad To is rejected at once, not retried", async () => {
    const result = await client().sendCode(code("15017122661"), deadline(), log);
    expect(result).toEqual({ kind: "rejected", httpStatus: 400, twilioCode: 60200 });
    expect(sim.recorder.calls).toHaveLength(1);
  });

  it("60203 after five sends to one number: the sixth is refused, as Twilio's abuse control", async () => {
    const to = nextPhone();
    for (let i = 0; i < MAX_SENDS; i++) await client().sendCode(code(to), deadline(), log);
    expect(await client().sendCode(code(to), deadline(), log)).toEqual({
      kind: "refused",
      twilioCode: 60203,
    });
    const v = sim.state.verifications.filter((x) => x.to === to);
    expect(v).toHaveLength(1); // one verification, five send attempts on it
    expect(v[0]!.sendCodeAttempts).toHaveLength(MAX_SENDS);
  });

  it.each([
    [
      "60200 (fault)",
      "CreateVerification:400",
      { kind: "rejected", httpStatus: 400, twilioCode: 60200 },
    ],
    ["60203 (fault)", "CreateVerification:429/60203", { kind: "refused", twilioCode: 60203 }],
  ])("%s reaches the client as Twilio's code", async (_label, fault, expected) => {
    sim.faults.add(`${fault}x1`);
    expect(await client().sendCode(code(nextPhone()), deadline(), log)).toEqual(expected);
  });

  it("20429 carries Retry-After and is retried; the retry's verification is the one reported", async () => {
    sim.faults.add("CreateVerification:429x1");
    const result = await client().sendCode(code(nextPhone()), deadline(), log);
    expect(result.kind).toBe("sent");
    expect(sim.recorder.calls.map((c) => [c.status, c.errorCode])).toEqual([
      [429, "20429"],
      [201, undefined],
    ]);
  });

  it("5xx is retried, on create and on approval", async () => {
    sim.faults.add("CreateVerification:500x1");
    sim.faults.add("CreateVerification:503x1");
    const to = nextPhone();
    expect((await client().sendCode(code(to), deadline(), log)).kind).toBe("sent");
    sim.faults.add("UpdateVerification:503x1");
    expect(await client().approveByPhone(to, deadline(), log)).toBe("approved");
    expect(sim.recorder.calls.map((c) => c.status)).toEqual([500, 503, 201, 503, 200]);
  });

  it("20404 on approval (nothing pending) is not_found; a 404 on create drops Locale once", async () => {
    sim.faults.add("UpdateVerification:404x1");
    expect(await client().approveByPhone(nextPhone(), deadline(), log)).toBe("not_found");
    sim.faults.add("CreateVerification:404x1");
    const result = await client().sendCode({ ...code(nextPhone()), locale: "ko" }, deadline(), log);
    expect(result.kind).toBe("sent");
    expect(sim.recorder.calls.map((c) => [c.operation, c.status])).toEqual([
      ["UpdateVerification", 404],
      ["CreateVerification", 404],
      ["CreateVerification", 201],
    ]);
  });

  it("slow: an answer after the client's deadline is 'unconfirmed' (it may have been sent)", async () => {
    sim.faults.add("CreateVerification:slow60000x1"); // 60 simulated s = 600 real ms here
    expect(await client().sendCode(code(nextPhone()), deadline(300), log)).toEqual({
      kind: "unconfirmed",
    });
    // Twilio had the whole request: it sends, and the call is recorded once it answers.
    while (sim.recorder.total === 0) await new Promise((r) => setTimeout(r, 20));
    expect(sim.recorder.calls.map((c) => c.status)).toEqual([201]);
  });

  it("a timeout or a dropped connection never answers; both are recorded with status 0", async () => {
    sim.faults.add("CreateVerification:dropx1");
    const dropped = await client().sendCode(code(nextPhone()), deadline(), log);
    expect(dropped.kind).toBe("sent"); // the network error was retried
    sim.faults.add("CreateVerification:timeoutx1");
    expect(await client().sendCode(code(nextPhone()), deadline(300), log)).toEqual({
      kind: "unconfirmed",
    });
    expect(sim.recorder.calls.map((c) => c.status)).toEqual([0, 201, 0]);
  });
});

describe("wire details", () => {
  it("a slow answer still arrives, after a faster one sent later", async () => {
    sim.faults.add("CreateVerification:slow20000x1"); // 200 real ms at scale 100
    const order: string[] = [];
    const slow = post("", { To: nextPhone(), Channel: "sms", CustomCode: "1234" }).then((r) => {
      order.push(`slow ${r.status}`);
    });
    await post("", { To: nextPhone(), Channel: "sms", CustomCode: "1234" }).then((r) => {
      order.push(`fast ${r.status}`);
    });
    await slow;
    expect(order).toEqual(["fast 201", "slow 201"]);
  });

  it("approves by VE sid and cancels; Status must be approved or canceled", async () => {
    const created = (await (
      await post("", { To: nextPhone(), Channel: "sms", CustomCode: "9876" })
    ).json()) as { sid: string };
    const bad = await post(`/${created.sid}`, { Status: "done" });
    expect([bad.status, await bad.json()]).toEqual([
      400,
      {
        code: 60200,
        message: "Invalid parameter: Status",
        more_info: "https://www.twilio.com/docs/errors/60200",
        status: 400,
      },
    ]);
    const canceled = await post(`/${created.sid}`, { Status: "canceled" });
    expect([canceled.status, ((await canceled.json()) as { status: string }).status]).toEqual([
      200,
      "canceled",
    ]);
    const fetched = await fetch(
      `${sim.url}/v2/Services/${sim.serviceSid}/Verifications/${created.sid}`,
      {
        headers: { authorization: basic() },
      },
    );
    expect(fetched.status).toBe(404);
  });

  it("a verification expires after 10 minutes: approving it is then 20404", async () => {
    const to = nextPhone();
    await post("", { To: to, Channel: "sms", CustomCode: "1234" });
    clock.advance(LIFETIME_MS);
    const late = await post(`/${encodeURIComponent(to)}`, { Status: "approved" });
    expect(late.status).toBe(404);
    expect(sim.state.verifications.find((v) => v.to === to)!.status).toBe("expired");
  });

  it("never records or prints the auth token or the code; phone numbers are masked", async () => {
    const to = nextPhone();
    await post("", { To: to, Channel: "sms", CustomCode: "739164" });
    await post(`/${encodeURIComponent(to)}`, { Status: "approved" });
    const printed = [
      JSON.stringify(sim.recorder.calls),
      JSON.stringify(sim.state.verifications.map((v) => v.toResource())),
      JSON.stringify(sim.state.verifications),
      inspect(sim.state.verifications, { depth: 5 }),
    ].join("\n");
    expect(printed).not.toContain(sim.authToken);
    expect(printed).not.toContain("739164");
    expect(sim.recorder.calls[1]!.path).toBe(
      `/v2/Services/${sim.serviceSid}/Verifications/***${to.slice(-4)}`,
    );
    expect(sim.recorder.calls.every((c) => c.caller === sim.accountSid)).toBe(true);
  });
});

describe("bad input gets Twilio's error, never a crash", () => {
  const errorOf = async (res: Response) => [
    res.status,
    ((await res.json()) as { code: number }).code,
  ];

  it.each([
    ["To not E.164", { To: "5017122661", Channel: "sms", CustomCode: "1234" }, "To"],
    [
      "an unsupported Channel",
      { To: "+15017122661", Channel: "pigeon", CustomCode: "1234" },
      "Channel",
    ],
    ["no CustomCode", { To: "+15017122661", Channel: "sms" }, "CustomCode"],
    [
      "a CustomCode of 11 characters",
      { To: "+15017122661", Channel: "sms", CustomCode: "12345678901" },
      "CustomCode",
    ],
    [
      "a malformed Locale",
      { To: "+15017122661", Channel: "sms", CustomCode: "1234", Locale: "EN_us" },
      "Locale",
    ],
  ])("%s: 400 60200 naming the parameter", async (_label, form, param) => {
    const res = await post("", form);
    expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([
      400,
      `Invalid parameter: ${param}`,
    ]);
  });

  it("a JSON body is not read (Twilio takes form fields): 60200 To", async () => {
    const res = await post("", {}, { "content-type": "application/json" });
    expect(await errorOf(res)).toEqual([400, 60200]);
  });

  it("missing or wrong credentials: 401 20003 with a Basic challenge", async () => {
    const none = await fetch(`${sim.url}/v2/Services/${sim.serviceSid}/Verifications`, {
      method: "POST",
    });
    expect(none.headers.get("www-authenticate")).toBe('Basic realm="Twilio API"');
    expect(await errorOf(none)).toEqual([401, 20003]);
    const wrong = await post(
      "",
      {},
      { authorization: `Basic ${Buffer.from(`${sim.accountSid}:nope`).toString("base64")}` },
    );
    expect(await errorOf(wrong)).toEqual([401, 20003]);
    expect(sim.recorder.calls.map((c) => c.caller)).toEqual(["anonymous", sim.accountSid]);
  });

  it("unknown path, unknown service, wrong method, oversized body", async () => {
    const unknown = await fetch(`${sim.url}/v1/Nope`, { headers: { authorization: basic() } });
    expect(await errorOf(unknown)).toEqual([404, 20404]);
    const service = await fetch(`${sim.url}/v2/Services/VA${"0".repeat(32)}/Verifications`, {
      method: "POST",
      headers: { authorization: basic() },
    });
    expect(await errorOf(service)).toEqual([404, 20404]);
    const method = await fetch(`${sim.url}/v2/Services/${sim.serviceSid}/Verifications`, {
      method: "DELETE",
      headers: { authorization: basic() },
    });
    expect(await errorOf(method)).toEqual([405, 20004]);
    const escape = await fetch(`${sim.url}/v2/Services/%E0%A4%A/Verifications`, {
      method: "POST",
      headers: { authorization: basic() },
    });
    expect(await errorOf(escape)).toEqual([404, 20404]);
    const big = await post("", {
      To: "+15017122661",
      Channel: "sms",
      CustomCode: "x".repeat(70_000),
    });
    expect(await errorOf(big)).toEqual([413, 60200]);
    expect(sim.recorder.gaps.map((c) => c.operation)).toEqual([
      "gap:GET /v1/Nope",
      `gap:DELETE /v2/Services/${sim.serviceSid}/Verifications`,
    ]);
  });

  it("a service without custom codes answers 60204", async () => {
    const strict = await startTwilioSim({ customCodeEnabled: false });
    try {
      const result = await createTwilioVerify(
        {
          accountSid: strict.accountSid,
          authToken: strict.authToken,
          serviceSid: strict.serviceSid,
          apiBase: strict.url,
        },
        (input, init) => fetch(input, init),
      ).sendCode(code(nextPhone()), deadline(), log);
      expect(result).toEqual({ kind: "rejected", httpStatus: 400, twilioCode: 60204 });
    } finally {
      await strict.close();
    }
  });

  it("a Locale outside the service's template languages is 404 20404 (supported-languages)", async () => {
    const narrow = await startTwilioSim({
      locales: VERIFY_DEFAULT_LOCALES.filter((l) => l !== "ko"),
    });
    try {
      const verify = createTwilioVerify(
        {
          accountSid: narrow.accountSid,
          authToken: narrow.authToken,
          serviceSid: narrow.serviceSid,
          apiBase: narrow.url,
        },
        (input, init) => fetch(input, init),
      );
      const to = nextPhone();
      // "If an unsupported override locale is given, a 404 error will be returned": the Worker
      // retries without it, and Twilio picks the language from the number.
      expect((await verify.sendCode({ ...code(to), locale: "ko" }, deadline(), log)).kind).toBe(
        "sent",
      );
      expect(narrow.recorder.calls.map((c) => [c.status, c.errorCode])).toEqual([
        [404, "20404"],
        [201, undefined],
      ]);
      expect(narrow.state.verifications.map((v) => [v.to, v.locale])).toEqual([[to, undefined]]);
      // Tags match whatever their case; the default template takes every listed one.
      expect(
        (await verify.sendCode({ ...code(nextPhone()), locale: "pt-br" }, deadline(), log)).kind,
      ).toBe("sent");
      expect(narrow.recorder.count("CreateVerification", 201)).toBe(2);
    } finally {
      await narrow.close();
    }
  });
});

describe("state kept by the simulator", () => {
  it("answers pending checks, cancels everything pending, and keeps a bounded history", async () => {
    const state = sim.state;
    state.clear();
    const to = nextPhone();
    expect(state.hasPending(sim.serviceSid, to)).toBe(false);
    await post("", { To: to, Channel: "sms", CustomCode: "1234" });
    expect(state.hasPending(sim.serviceSid, to)).toBe(true);
    expect(state.cancelPending()).toBe(1);
    expect(state.hasPending(sim.serviceSid, to)).toBe(false);
    expect(state.verifications.map((v) => v.status)).toEqual(["canceled"]);
    // A canceled verification is gone for Twilio: the next send starts afresh (attempt 1).
    await post("", { To: to, Channel: "sms", CustomCode: "1234" });
    expect(state.verifications.at(-1)!.sendCodeAttempts).toHaveLength(1);

    for (let i = 0; i < 3 * HISTORY; i++) {
      const form = new URLSearchParams({ To: nextPhone(), Channel: "sms", CustomCode: "1234" });
      expect(state.create(sim.serviceSid, form).ok).toBe(true);
    }
    state.cancelPending();
    expect(state.verifications.length).toBeLessThanOrEqual(2 * HISTORY);
    expect(state.verifications.length).toBeGreaterThanOrEqual(HISTORY);
    state.clear();
    expect(state.verifications).toEqual([]);
  });
});
