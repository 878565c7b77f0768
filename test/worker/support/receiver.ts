// Runs the bundled Worker in workerd (miniflare) against fake Okta and Twilio servers on
// 127.0.0.1, with fresh secrets and a fresh service-app key, and captures every log line.

import { Miniflare } from "miniflare";
import { randomBytes } from "node:crypto";
import { bundleWorker } from "../../../worker/build";
import type { Env } from "../../../worker/env";
import { FakeOkta } from "./fake-okta";
import { FakeTwilio } from "./fake-twilio";
import { waitFor } from "./fake-server";

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
}

export interface Receiver {
  readonly mf: Miniflare;
  readonly okta: FakeOkta;
  readonly twilio: FakeTwilio;
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

  const okta = new FakeOkta({ clientId: CLIENT_ID, kid: KEY_ID, publicKey, dpop: !!options.dpop });
  const twilio = new FakeTwilio(ACCOUNT_SID, twilioToken, SERVICE_SID);
  await Promise.all([okta.start(), twilio.start()]);

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
    TWILIO_API_BASE: twilio.server.url,
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
    secrets: () => [
      eventSecret,
      eventSecret.slice("Basic ".length),
      telephonySecret,
      twilioToken,
      Buffer.from(`${ACCOUNT_SID}:${twilioToken}`).toString("base64"),
      pem,
      ...pem.split("\n").filter((line) => line.length > 40),
      ...okta.issuedTokens.keys(),
      ...okta.assertions.filter(Boolean),
      ...okta.proofs.filter(Boolean),
    ],
    async close() {
      await mf.dispose();
      await Promise.all([okta.server.close(), twilio.server.close()]);
    },
  };
}

/** Asserts that no log line contains any of `forbidden`, naming the first offender. */
export function leaksIn(logs: readonly LogLine[], forbidden: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of forbidden) {
    const line = logs.find((l) => l.raw.includes(secret));
    if (line) found.push(`${secret.slice(0, 12)}… in ${line.raw}`);
  }
  return found;
}
