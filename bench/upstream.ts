// Child process for bench/worker.ts: runs the fake Okta and Twilio servers of the Worker tests,
// so their work does not share an event loop with the benchmark process.

import { FakeOkta } from "../test/worker/support/fake-okta";
import { FakeTwilio } from "../test/worker/support/fake-twilio";

interface Start {
  readonly type: "start";
  readonly clientId: string;
  readonly kid: string;
  readonly publicJwk: Record<string, unknown>;
  readonly accountSid: string;
  readonly authToken: string;
  readonly serviceSid: string;
  /** A bearer token the fake Okta accepts without a token request (the baseline Worker's). */
  readonly baselineToken: string;
}

/** Every reply from both fakes comes this long after its request (a real upstream's latency). */
interface Latency {
  readonly type: "latency";
  readonly ms: number;
}

type Message = Start | Latency | { type: "stats" } | { type: "stop" };

let okta: FakeOkta | undefined;
let twilio: FakeTwilio | undefined;

process.on("message", (message: Message) => {
  void (async () => {
    if (message.type === "start") {
      const jose = await import("jose");
      const publicKey = (await jose.importJWK(message.publicJwk, "RS256")) as never;
      okta = new FakeOkta({ clientId: message.clientId, kid: message.kid, publicKey, dpop: false });
      twilio = new FakeTwilio(message.accountSid, message.authToken, message.serviceSid);
      await Promise.all([okta.start(), twilio.start()]);
      okta.issuedTokens.set(message.baselineToken, { jkt: undefined, revoked: false });
      // Users 00u…123456 get phones of their own (the benchmark's events use such ids).
      okta.phonesFromIds = true;
      okta.server.recording = false;
      twilio.server.recording = false;
      process.send!({ type: "ready", oktaUrl: okta.url, twilioUrl: twilio.server.url });
    } else if (message.type === "latency") {
      okta!.server.latencyMs = message.ms;
      twilio!.server.latencyMs = message.ms;
      process.send!({ type: "latency", ms: message.ms });
    } else if (message.type === "stats") {
      process.send!({
        type: "stats",
        okta: Object.fromEntries(okta!.server.counts),
        twilio: Object.fromEntries(twilio!.server.counts),
      });
    } else {
      await Promise.all([okta?.server.close(), twilio?.server.close()]);
      process.exit(0);
    }
  })();
});
