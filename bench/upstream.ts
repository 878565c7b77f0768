// Child process for bench/worker.ts: the Okta and Twilio simulators as the Worker tests start them
// (test/worker/support/upstreams.ts), so their work does not share an event loop with the
// benchmark process. Rate limits are off: the benchmark measures the Worker, not Okta's buckets.

import type { JWK } from "jose" with { "resolution-mode": "import" };
import type { OktaObject } from "../sim/okta";
import { fixture } from "../test/worker/support/fixtures";
import { startUpstreams, type Upstreams } from "../test/worker/support/upstreams";

interface Start {
  readonly type: "start";
  readonly clientId: string;
  readonly publicJwk: JWK & { readonly kid: string };
  readonly accountSid: string;
  readonly authToken: string;
  readonly serviceSid: string;
}

/** Every answer from both simulators comes this long after its request (a real round trip). */
interface Latency {
  readonly type: "latency";
  readonly ms: number;
}

type Message =
  Start | Latency | { type: "token" } | { type: "stats" } | { type: "settle" } | { type: "stop" };

/** The benchmark's stats keep the names its report prints (bench/worker-report.ts). */
const OKTA_NAMES: Readonly<Record<string, string>> = {
  token: "token",
  getUser: "user",
  listFactors: "factors",
};
const TWILIO_NAMES: Readonly<Record<string, string>> = {
  CreateVerification: "create",
  UpdateVerification: "approve",
};

let upstreams: Upstreams | undefined;

process.on("message", (message: Message) => {
  void (async () => {
    if (message.type === "start") {
      upstreams = await startUpstreams({
        clientId: message.clientId,
        publicJwk: message.publicJwk,
        dpop: false,
        accountSid: message.accountSid,
        authToken: message.authToken,
        serviceSid: message.serviceSid,
        okta: {
          rateLimits: { enabled: false },
          directory: (id) => population(id, message.serviceSid),
        },
      });
      process.send!({
        type: "ready",
        oktaUrl: upstreams.okta.url,
        twilioUrl: upstreams.twilio.url,
      });
    } else if (message.type === "latency") {
      for (const sim of [upstreams!.okta, upstreams!.twilio]) {
        sim.faults.clear();
        if (message.ms > 0) sim.faults.add(`*:slow${message.ms}`);
      }
      process.send!({ type: "latency", ms: message.ms });
    } else if (message.type === "token") {
      // The baseline Worker's token: a read-only admin's, with the receiver's scope; 1 h.
      const token = upstreams!.okta.issueToken({
        clientId: "bench-baseline",
        scopes: ["okta.users.read"],
        roles: ["READ_ONLY_ADMIN"],
      });
      process.send!({ type: "token", token });
    } else if (message.type === "stats") {
      process.send!({
        type: "stats",
        okta: named(upstreams!.okta.recorder.totals.byOperation, OKTA_NAMES),
        twilio: named(upstreams!.twilio.recorder.totals.byOperation, TWILIO_NAMES),
      });
    } else if (message.type === "settle") {
      // Runs reuse phone numbers (wrk restarts its counter): cancel what is still pending, as
      // Twilio advises between test runs, so no number reaches the 5-sends limit (60203).
      process.send!({ type: "settle", canceled: upstreams!.twilio.state.cancelPending() });
    } else {
      await upstreams?.close();
      process.exit(0);
    }
  })();
});

function named(counts: ReadonlyMap<string, number>, names: Readonly<Record<string, string>>) {
  return Object.fromEntries([...counts].map(([op, n]) => [names[op] ?? op, n]));
}

const SAMPLE = fixture<OktaObject & { profile: Record<string, unknown> }>(
  "okta-user-get-response.json",
);

/**
 * The benchmark's users: an id ending in six digits is the sample user with a mobile phone of its
 * own, +1 201 5 and those digits, who has just been sent a code (the telephony hook's Twilio
 * verification), so the feedback approval finds it pending. Other ids are unknown (404).
 */
function population(id: string, serviceSid: string): OktaObject | undefined {
  const digits = /(\d{6})$/.exec(id)?.[1];
  if (digits === undefined) return undefined;
  const to = `+12015${digits}`;
  const twilio = upstreams!.twilio.state;
  if (!twilio.hasPending(serviceSid, to)) {
    twilio.create(serviceSid, new URLSearchParams({ To: to, Channel: "sms", CustomCode: "11111" }));
  }
  return { ...SAMPLE, id, profile: { ...SAMPLE.profile, mobilePhone: `+1 201 5${digits}` } };
}
