// Event hook verification and inline hook execution really call the hook URI: what the loopback
// receiver sees (method, challenge, auth header, Okta's telephony payload) and what Okta answers
// when the hook fails; one active telephony hook per org; re-verification after a channel change.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import telephonySample from "../../../sim/okta/data/okta-telephony-hook-request.json";
import { startOktaSim, type OktaSim } from "../../../sim/okta";
import { call, hookReceiver, telephonyHookBody } from "./support";

let sim: OktaSim;
let token: string;

beforeAll(async () => {
  sim = await startOktaSim({ checkResponses: true });
  token = sim.issueToken({ scopes: ["okta.eventHooks.manage", "okta.inlineHooks.manage"] });
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.responseProblems.splice(0)).toEqual([]);
});

const eventHook = (uri: string, secret = "Basic c2VjcmV0") => ({
  name: "hook",
  events: { type: "EVENT_TYPE", items: ["user.authentication.auth_via_mfa"] },
  channel: {
    type: "HTTP",
    version: "1.0.0",
    config: {
      uri,
      headers: [],
      authScheme: { type: "HEADER", key: "Authorization", value: secret },
    },
  },
});

describe("event hook verification", () => {
  it("GETs the hook URI once with the challenge and the auth header, and VERIFIES on the echo", async () => {
    const receiver = await hookReceiver((req) => ({
      status: 200,
      body: { verification: req.headers["x-okta-verification-challenge"] },
    }));
    try {
      const hook = await call(sim, "POST", "/api/v1/eventHooks", {
        token,
        body: eventHook(`${receiver.url}/events`),
      });
      const verified = await call(
        sim,
        "POST",
        `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`,
        { token },
      );
      expect(verified.json.verificationStatus).toBe("VERIFIED");
      const [seen] = receiver.seen;
      expect(seen).toMatchObject({ method: "GET", path: "/events", body: "" });
      expect(seen!.headers.authorization).toBe("Basic c2VjcmV0");
      expect(seen!.headers["x-okta-verification-challenge"]).toMatch(/^[A-Za-z0-9_-]{40}$/);
    } finally {
      await receiver.close();
    }
  });

  it.each([
    [
      "a wrong echo",
      () => ({ status: 200, body: { verification: "not-the-challenge" } }),
      /did not answer/,
    ],
    ["an error status", () => ({ status: 500, body: {} }), /HTTP 500/],
  ])("fails on %s with E0000001 and leaves the hook UNVERIFIED", async (_case, answer, why) => {
    const receiver = await hookReceiver(answer);
    try {
      const hook = await call(sim, "POST", "/api/v1/eventHooks", {
        token,
        body: eventHook(`${receiver.url}/e`),
      });
      const failed = await call(
        sim,
        "POST",
        `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`,
        { token },
      );
      expect([failed.status, failed.json.errorCode]).toEqual([400, "E0000001"]);
      expect(failed.json.errorCauses[0].errorSummary).toMatch(why);
      const read = await call(sim, "GET", `/api/v1/eventHooks/${hook.json.id}`, {
        token: sim.issueToken({ scopes: ["okta.eventHooks.read"] }),
      });
      expect(read.json.verificationStatus).toBe("UNVERIFIED");
    } finally {
      await receiver.close();
    }
  });

  it("fails when nothing listens at the hook URI", async () => {
    const hook = await call(sim, "POST", "/api/v1/eventHooks", {
      token,
      body: eventHook("http://127.0.0.1:9/none"),
    });
    const failed = await call(sim, "POST", `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`, {
      token,
    });
    expect(failed.json.errorCauses[0].errorSummary).toMatch(/network/);
  });

  it("reaches the hook through the injected outboundFetch (how the Cloudflare simulator routes hostnames)", async () => {
    const seen: string[] = [];
    const routed = await startOktaSim({
      outboundFetch: async (url, init) => {
        seen.push(url);
        const challenge = new Headers(init?.headers).get("x-okta-verification-challenge");
        return new Response(JSON.stringify({ verification: challenge }), { status: 200 });
      },
    });
    try {
      const t = routed.issueToken({ scopes: ["okta.eventHooks.manage"] });
      const hook = await call(routed, "POST", "/api/v1/eventHooks", {
        token: t,
        body: eventHook("https://hooks.example.com/okta/events"),
      });
      const verified = await call(
        routed,
        "POST",
        `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`,
        { token: t },
      );
      expect(verified.json.verificationStatus).toBe("VERIFIED");
      expect(seen).toEqual(["https://hooks.example.com/okta/events"]);
    } finally {
      await routed.close();
    }
  });

  it("returns to UNVERIFIED when a PUT changes the channel, keeps the secret when the PUT omits it", async () => {
    const receiver = await hookReceiver((req) => ({
      status: 200,
      body: { verification: req.headers["x-okta-verification-challenge"] },
    }));
    try {
      const body = eventHook(`${receiver.url}/a`);
      const hook = await call(sim, "POST", "/api/v1/eventHooks", { token, body });
      await call(sim, "POST", `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`, { token });
      // What a read-modify-write sends: the read hook, without authScheme.value.
      const renamed = await call(sim, "PUT", `/api/v1/eventHooks/${hook.json.id}`, {
        token,
        body: { ...hook.json, name: "renamed", _links: undefined },
      });
      expect(renamed.json.verificationStatus).toBe("VERIFIED");
      await call(sim, "POST", `/api/v1/eventHooks/${hook.json.id}/lifecycle/verify`, { token });
      expect(receiver.seen.at(-1)!.headers.authorization).toBe("Basic c2VjcmV0");
      const moved = await call(sim, "PUT", `/api/v1/eventHooks/${hook.json.id}`, {
        token,
        body: eventHook(`${receiver.url}/b`),
      });
      expect(moved.json.verificationStatus).toBe("UNVERIFIED");
    } finally {
      await receiver.close();
    }
  });

  it("refuses to delete an active hook; deactivate first", async () => {
    const hook = await call(sim, "POST", "/api/v1/eventHooks", {
      token,
      body: eventHook("http://127.0.0.1:9/x"),
    });
    const refused = await call(sim, "DELETE", `/api/v1/eventHooks/${hook.json.id}`, { token });
    expect([refused.status, refused.json.errorCode]).toEqual([400, "E0000001"]);
    await call(sim, "POST", `/api/v1/eventHooks/${hook.json.id}/lifecycle/deactivate`, { token });
    expect(
      (await call(sim, "DELETE", `/api/v1/eventHooks/${hook.json.id}`, { token })).status,
    ).toBe(204);
  });
});

describe("telephony inline hook", () => {
  const telephony = (uri: string) => telephonyHookBody(uri, { key: "x-telephony-key", value: "k" });

  it("execute sends the caller's payload to the hook with its auth header and returns the answer", async () => {
    const success = {
      commands: [{ type: "com.okta.telephony.action", value: [{ status: "SUCCESSFUL" }] }],
    };
    const receiver = await hookReceiver(() => ({ status: 200, body: success }));
    try {
      const hook = await call(sim, "POST", "/api/v1/inlineHooks", {
        token,
        body: telephony(`${receiver.url}/t`),
      });
      const answer = await call(sim, "POST", `/api/v1/inlineHooks/${hook.json.id}/execute`, {
        token,
        body: telephonySample,
      });
      expect(answer).toMatchObject({ status: 200, json: success });
      expect(JSON.parse(receiver.seen[0]!.body)).toEqual(telephonySample);
      expect(receiver.seen[0]!.headers).toMatchObject({
        "x-telephony-key": "k",
        "content-type": "application/json",
      });
      await call(sim, "DELETE", `/api/v1/inlineHooks/${hook.json.id}`, { token });
    } finally {
      await receiver.close();
    }
  });

  it("deliverOtp sends Okta's telephony request to the active hook and reads its answer", async () => {
    const success = {
      commands: [
        {
          type: "com.okta.telephony.action",
          value: [{ status: "SUCCESSFUL", transactionId: "VE1" }],
        },
      ],
    };
    const receiver = await hookReceiver(() => ({ status: 200, body: success }));
    try {
      const hook = await call(sim, "POST", "/api/v1/inlineHooks", {
        token,
        body: telephony(`${receiver.url}/t`),
      });
      const delivery = await sim.deliverOtp({ phoneNumber: "+15551234567", otpCode: "424242" });
      expect(delivery).toMatchObject({
        outcome: "hook",
        hookId: hook.json.id,
        status: 200,
        answer: success,
      });
      const sent = JSON.parse(receiver.seen[0]!.body);
      // Okta's documented payload (DEV-TEL sample), with this hook as its source and this OTP.
      expect(Object.keys(sent).sort()).toEqual(Object.keys(telephonySample).sort());
      expect(Object.keys(sent.data.messageProfile).sort()).toEqual(
        Object.keys(telephonySample.data.messageProfile).sort(),
      );
      expect(sent).toMatchObject({
        eventType: "com.okta.telephony.provider",
        cloudEventVersion: "0.1",
        requestType: "com.okta.user.telephony.mfa-verification",
        source: `${sim.url}/api/v1/inlineHooks/${hook.json.id}`,
        data: {
          messageProfile: {
            phoneNumber: "+15551234567",
            otpCode: "424242",
            deliveryChannel: "SMS",
          },
        },
      });
      await call(sim, "DELETE", `/api/v1/inlineHooks/${hook.json.id}`, { token });
    } finally {
      await receiver.close();
    }
  });

  it.each([
    ["a status other than 200", { status: 400, body: { commands: [] } }, "failover", /HTTP 400/],
    ["a malformed answer", { status: 200, body: { commands: [] } }, "failover", /malformed/],
    [
      "an error object",
      { status: 200, body: { error: { errorSummary: "no" } } },
      "error",
      /error object/,
    ],
  ])("deliverOtp treats %s as Okta does (no retry)", async (_case, reply, outcome, reason) => {
    const receiver = await hookReceiver(() => reply);
    try {
      const hook = await call(sim, "POST", "/api/v1/inlineHooks", {
        token,
        body: telephony(`${receiver.url}/t`),
      });
      const delivery = await sim.deliverOtp({ phoneNumber: "+15551234567", otpCode: "1" });
      expect(delivery.outcome).toBe(outcome);
      expect(delivery.reason).toMatch(reason);
      expect(receiver.seen).toHaveLength(1);
      await call(sim, "DELETE", `/api/v1/inlineHooks/${hook.json.id}`, { token });
    } finally {
      await receiver.close();
    }
  });

  it("execute retries once and then answers 400 when the hook keeps failing", async () => {
    const receiver = await hookReceiver(() => ({ status: 503, body: {} }));
    try {
      const hook = await call(sim, "POST", "/api/v1/inlineHooks", {
        token,
        body: telephony(`${receiver.url}/t`),
      });
      const answer = await call(sim, "POST", `/api/v1/inlineHooks/${hook.json.id}/execute`, {
        token,
        body: telephonySample,
      });
      expect([answer.status, answer.json.errorCode]).toEqual([400, "E0000001"]);
      expect(receiver.seen).toHaveLength(2);
      await call(sim, "DELETE", `/api/v1/inlineHooks/${hook.json.id}`, { token });
    } finally {
      await receiver.close();
    }
  });

  it("allows one active telephony hook per org; a second is refused until the first is deactivated", async () => {
    const first = await call(sim, "POST", "/api/v1/inlineHooks", {
      token,
      body: telephony("http://127.0.0.1:9/1"),
    });
    const second = await call(sim, "POST", "/api/v1/inlineHooks", {
      token,
      body: telephony("http://127.0.0.1:9/2"),
    });
    expect([second.status, second.json.errorCode]).toEqual([400, "E0000001"]);
    expect(second.json.errorCauses[0].errorSummary).toMatch(
      /only one active com\.okta\.telephony\.provider/,
    );
    await call(sim, "POST", `/api/v1/inlineHooks/${first.json.id}/lifecycle/deactivate`, { token });
    const third = await call(sim, "POST", "/api/v1/inlineHooks", {
      token,
      body: telephony("http://127.0.0.1:9/3"),
    });
    expect(third.status).toBe(200);
    const reactivate = await call(
      sim,
      "POST",
      `/api/v1/inlineHooks/${first.json.id}/lifecycle/activate`,
      { token },
    );
    expect(reactivate.status).toBe(400);
  });

  it("requires authScheme on a telephony hook", async () => {
    const body = telephony("http://127.0.0.1:9/x");
    const answer = await call(sim, "POST", "/api/v1/inlineHooks", {
      token,
      body: {
        ...body,
        channel: { ...body.channel, config: { uri: "http://127.0.0.1:9/x", method: "POST" } },
      },
    });
    expect(answer.json.errorCauses[0].errorSummary).toMatch(/authScheme: is required/);
  });
});
