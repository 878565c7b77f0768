// Runs the bundled Worker in workerd (miniflare) against the Okta and Twilio simulators on
// 127.0.0.1 (support/upstreams.ts), with fresh secrets and a fresh service-app key, and captures
// every log line.

import { Miniflare } from "miniflare";
import { randomBytes } from "node:crypto";
import type { OktaSim } from "../../../sim/okta";
import type { TwilioSim, TwilioSimOptions } from "../../../sim/twilio/index";
import { bundleWorker } from "../../../worker/build";
import type { Env } from "../../../worker/env";
import { fixture } from "./fixtures";
import { startUpstreams } from "./upstreams";
import { waitFor } from "./wait";

export const COMPATIBILITY_DATE = "2025-09-01";
export const ACCOUNT_SID = `AC${"a".repeat(32)}`;
export const SERVICE_SID = `VA${"a".repeat(32)}`;
export const CLIENT_ID = "0oar95zt9zIpYuz6A0h7";
export const KEY_ID = "my_key_id";

let bundle: Promise<string> | undefined;
/** The same bundle the stack uploads, built once per test file. */
export function workerCode(): Promise<string> {
  bundle ??= bundleWorker().then((b) => b.code);
  return bundle;
}

export interface LogLine {
  readonly raw: string;
  readonly level?: string;
  readonly msg?: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

export interface ReceiverOptions {
  readonly dpop?: boolean;
  /** Binding overrides (undefined removes a binding). */
  readonly bindings?: Partial<Record<keyof Env, string | undefined>>;
  readonly twilio?: Pick<TwilioSimOptions, "locales" | "retryAfterSeconds">;
}

export interface Receiver {
  readonly mf: Miniflare;
  readonly okta: OktaSim;
  readonly twilio: TwilioSim;
  readonly bindings: Record<string, string>;
  readonly logs: LogLine[];
  readonly eventAuth: Record<string, string>;
  readonly telephonyAuth: Record<string, string>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  postEvents(body: unknown, headers?: Record<string, string>): Promise<Response>;
  postTelephony(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Lines logged for one request (by the x-request-id the Worker answered with). */
  logsOf(response: Response): LogLine[];
  /** Resolves with the first line `msg` logged for `response` (logs arrive asynchronously). */
  logged(response: Response, msg: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves once the Worker logged the end of the delivery answered by `response`. */
  deliveryDone(response: Response, timeoutMs?: number): Promise<LogLine>;
  /**
   * Adds a user to the org (replacing one with that id): the documented sample user
   * (fixtures/okta-user-get-response.json) under `id`, with `profile` instead of the sample's.
   */
  addUser(id: string, profile?: Readonly<Record<string, unknown>>): void;
  /** Enrolls factors for a user (Factors API shapes, as `GET …/factors` lists them). */
  addFactors(userId: string, factors: readonly Record<string, unknown>[]): void;
  /**
   * Starts a Twilio verification for each E.164 number, as the telephony hook did when Okta sent
   * the user's code: the MFA event's approval then finds it pending.
   */
  smsSent(...phones: string[]): void;
  /** Revokes the receiver's Okta tokens (as deactivating its app would), keeping them for secrets(). */
  revokeTokens(): void;
  /** Forgets the previous test's calls, faults and verifications. */
  reset(): void;
  /** Strings that must never appear in a log line. */
  secrets(): string[];
  close(): Promise<void>;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const jose = await import("jose");
  const { privateKey, publicKey } = await jose.generateKeyPair("RS256", { extractable: true });
  const pem = await jose.exportPKCS8(privateKey);
  const eventSecret = `Basic ${randomBytes(24).toString("base64")}`;
  const telephonySecret = randomBytes(24).toString("hex");
  const twilioToken = randomBytes(16).toString("hex");

  const upstreams = await startUpstreams({
    clientId: CLIENT_ID,
    publicJwk: { ...(await jose.exportJWK(publicKey)), kid: KEY_ID },
    dpop: !!options.dpop,
    accountSid: ACCOUNT_SID,
    authToken: twilioToken,
    serviceSid: SERVICE_SID,
    // Retry-After 0: the Worker honours it (test/worker/unit.test.ts), and the telephony
    // deadlines here are shorter than Twilio's usual second.
    twilio: { retryAfterSeconds: 0, ...options.twilio },
  });
  const { okta, twilio } = upstreams;
  const revoked: string[] = [];

  const bindings: Record<string, string> = {
    OKTA_ORG_URL: okta.url,
    OKTA_CLIENT_ID: CLIENT_ID,
    OKTA_PRIVATE_KEY: pem,
    OKTA_KEY_ID: KEY_ID,
    OKTA_DPOP: options.dpop ? "true" : "false",
    EVENT_HOOK_AUTH_HEADER: "Authorization",
    EVENT_HOOK_SECRET: eventSecret,
    TELEPHONY_AUTH_HEADER: "x-telephony-key",
    TELEPHONY_SECRET: telephonySecret,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: twilioToken,
    TWILIO_VERIFY_SERVICE_SID: SERVICE_SID,
    TWILIO_API_BASE: twilio.url,
  };
  for (const [name, value] of Object.entries(options.bindings ?? {})) {
    if (value === undefined) delete bindings[name];
    else bindings[name] = value;
  }

  const logs: LogLine[] = [];
  const mf = new Miniflare({
    modules: true,
    script: await workerCode(),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings,
    handleStructuredLogs: ({ message }: { message: string }) => {
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(message) as Record<string, unknown>;
      } catch {
        // Not one of ours (workerd's own line): kept raw for the leak check.
      }
      logs.push({ ...parsed, raw: message });
    },
  });
  await mf.ready;

  const eventAuth = { authorization: eventSecret };
  const telephonyAuth = { "x-telephony-key": telephonySecret };
  // credentials "omit": otherwise undici (Node side) treats a 401 to a POST with a body as an
  // authentication challenge and fails with "expected non-null body source".
  const fetchPath = async (path: string, init: RequestInit = {}) =>
    (await mf.dispatchFetch(`http://receiver.test${path}`, {
      credentials: "omit",
      ...init,
    } as never)) as unknown as Response;
  const post =
    (path: string, auth: Record<string, string>) =>
    (body: unknown, headers?: Record<string, string>) =>
      fetchPath(path, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(headers ?? auth),
        },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
  const logsOf = (response: Response) =>
    logs.filter((l) => l.requestId === response.headers.get("x-request-id"));

  return {
    mf,
    okta,
    twilio,
    bindings,
    logs,
    eventAuth,
    telephonyAuth,
    fetch: fetchPath,
    postEvents: post("/okta/events", eventAuth),
    postTelephony: post("/okta/telephony", telephonyAuth),
    logsOf,
    logged: (response, msg, timeoutMs = 10_000) =>
      waitFor(() => logsOf(response).find((l) => l.msg === msg), msg, timeoutMs),
    deliveryDone: (response, timeoutMs = 10_000) =>
      waitFor(
        () => logsOf(response).find((l) => l.msg === "event_hook.delivery_done"),
        "event_hook.delivery_done",
        timeoutMs,
      ),
    addUser(id, profile) {
      const { _links: _, ...sample } = fixture<Record<string, unknown>>(
        "okta-user-get-response.json",
      );
      const login = { login: `${id}@example.com`, email: `${id}@example.com` };
      okta.seed({
        users: [
          {
            ...sample,
            id,
            ...(profile === undefined ? {} : { profile: { ...login, ...profile } }),
          },
        ],
      });
    },
    addFactors(userId, factors) {
      okta.seed({ factors: { [userId]: factors } });
    },
    smsSent(...phones) {
      for (const To of phones) {
        const sent = twilio.state.create(
          SERVICE_SID,
          new URLSearchParams({ To, Channel: "sms", CustomCode: "204817" }),
        );
        if (!sent.ok)
          throw new Error(`could not start a verification for ${To}: ${sent.error.message}`);
      }
    },
    revokeTokens() {
      revoked.push(...okta.accessTokensOf(CLIENT_ID));
      okta.revokeTokens(CLIENT_ID);
    },
    reset() {
      for (const sim of [okta, twilio]) {
        sim.recorder.clear();
        sim.faults.clear();
      }
      twilio.state.clear();
    },
    // Client assertions and DPoP proofs are JWTs, which leaksIn refuses in any form.
    secrets: () => [
      eventSecret,
      eventSecret.slice("Basic ".length),
      telephonySecret,
      twilioToken,
      Buffer.from(`${ACCOUNT_SID}:${twilioToken}`).toString("base64"),
      pem,
      ...pem.split("\n").filter((line) => line.length > 40),
      ...revoked,
      ...okta.accessTokensOf(CLIENT_ID),
    ],
    async close() {
      await mf.dispose();
      await upstreams.close();
    },
  };
}

/** A compact JWS (a client assertion, a DPoP proof, a JWT access token): base64url JSON headers. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

/** The log lines that contain any of `forbidden` or any JWT, naming each offender. */
export function leaksIn(logs: readonly LogLine[], forbidden: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of forbidden) {
    const line = logs.find((l) => l.raw.includes(secret));
    if (line) found.push(`${secret.slice(0, 12)}… in ${line.raw}`);
  }
  for (const line of logs) if (JWT.test(line.raw)) found.push(`a JWT in ${line.raw}`);
  return found;
}
