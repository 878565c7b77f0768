// Twilio Verify v2 simulator on 127.0.0.1: what worker/twilio.ts calls (create a verification with
// Okta's code, approve one by phone number) plus fetch, behind Basic auth with the account SID and
// auth token, form-encoded bodies and Twilio's error JSON; every request recorded, faults per call.

import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { simClock, type SimClock } from "../shared/clock";
import { applyTransportFault, FaultPlan } from "../shared/faults";
import { Recorder } from "../shared/recorder";
import { BodyTooLarge, readBody, requestUrl, sendJson, startServer } from "../shared/server";
import { faultError, twilioError, type TwilioErrorBody } from "./errors";
import { sid, VerifyState, type Outcome } from "./verifications";

export interface TwilioSimOptions {
  /** @default an ephemeral port */
  readonly port?: number;
  /** AC… @default a random one */
  readonly accountSid?: string;
  /** @default 32 random hex digits */
  readonly authToken?: string;
  /** The Verify service (VA…). @default a random one */
  readonly serviceSid?: string;
  /** Whether the service allows `CustomCode`. @default true */
  readonly customCodeEnabled?: boolean;
  /**
   * The `Locale` values the service's template translates; others are 404 (20404).
   * @default the Verify Default template's (VERIFY_DEFAULT_LOCALES)
   */
  readonly locales?: readonly string[];
  /** @default real time */
  readonly clock?: SimClock;
  /** `Retry-After` on every 429 (TOAI declares the header). @default 1 */
  readonly retryAfterSeconds?: number;
  /** Request body limit. @default 64 KiB */
  readonly maxBodyBytes?: number;
}

export interface TwilioSim {
  /** Base URL, e.g. `http://127.0.0.1:41234`; the Worker's `TWILIO_API_BASE` in tests. */
  readonly url: string;
  readonly accountSid: string;
  /** SECRET: the auth token the simulator accepts. */
  readonly authToken: string;
  readonly serviceSid: string;
  readonly recorder: Recorder;
  /** Operations: `CreateVerification`, `UpdateVerification`, `FetchVerification` (TOAI ids). */
  readonly faults: FaultPlan;
  readonly state: VerifyState;
  readonly clock: SimClock;
  close(): Promise<void>;
}

const VERIFICATIONS = /^\/v2\/Services\/([^/]+)\/Verifications(?:\/([^/]+))?$/;

export async function startTwilioSim(options: TwilioSimOptions = {}): Promise<TwilioSim> {
  const accountSid = options.accountSid ?? sid("AC");
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const serviceSid = options.serviceSid ?? sid("VA");
  const clock = options.clock ?? simClock();
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const recorder = new Recorder();
  const faults = new FaultPlan();
  const state = new VerifyState(
    accountSid,
    [
      {
        sid: serviceSid,
        customCodeEnabled: options.customCodeEnabled ?? true,
        ...(options.locales === undefined ? {} : { locales: options.locales }),
      },
    ],
    clock,
  );

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const done = recorder.enter();
    try {
      await answerRequest(req, res);
    } finally {
      done();
    }
  };

  const answerRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const at = clock.now();
    const url = requestUrl(req);
    const method = req.method ?? "GET";
    const route = routeOf(method, url.pathname);
    const caller = callerOf(req.headers.authorization);
    /** Status 0: a timeout or dropped-connection fault, which never answered. */
    const record = (status: number, errorCode?: number) =>
      recorder.record({
        sim: "twilio",
        operation: route.operation,
        method,
        path: maskPhone(url.pathname),
        status,
        caller,
        ...(errorCode === undefined ? {} : { errorCode: String(errorCode) }),
        latencyMs: Date.now() - started,
        at,
      });
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const extra: Record<string, string> = status === 429 ? { "retry-after": retryAfter } : {};
      sendJson(res, status, body, { ...extra, ...headers });
      record(status, status >= 400 ? (body as TwilioErrorBody).code : undefined);
    };
    const path = decoded(url.pathname.replace(/^\/v2/, ""));

    if (route.kind !== "op") {
      return route.kind === "unknown"
        ? answer(404, twilioError(20404, path))
        : answer(405, twilioError(20004));
    }
    // Basic AccountSid:AuthToken (TOAI securitySchemes.accountSid_authToken).
    if (!constantTimeEqual(req.headers.authorization ?? "", expectedAuth)) {
      return answer(401, twilioError(20003), { "www-authenticate": 'Basic realm="Twilio API"' });
    }
    if (!state.hasService(route.serviceSid)) return answer(404, twilioError(20404, path));
    // The whole request arrives before Twilio answers, slowly or not: a client that gives up
    // during a slow answer has still made its call.
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      // Twilio publishes no error for an oversized body: the simulator answers 413 with 60200.
      return answer(413, {
        ...twilioError(60200, `request body over ${maxBody} bytes`),
        status: 413,
      });
    }
    const fault = faults.take(route.operation);
    if (fault !== undefined) {
      if (await applyTransportFault(fault, res, clock)) return record(0);
      if ("status" in fault) {
        const body = faultError(fault.status, fault.code, path);
        return answer(fault.status, body);
      }
    }
    const form = formOf(req, body);
    const outcome: Outcome =
      route.operation === "CreateVerification"
        ? state.create(route.serviceSid, form)
        : route.operation === "UpdateVerification"
          ? state.update(route.serviceSid, route.target!, form, path)
          : state.fetch(route.serviceSid, route.target!, path);
    if (!outcome.ok) return answer(outcome.error.status, outcome.error);
    answer(outcome.status, outcome.verification.toResource());
  };

  const server = await startServer(handle, {
    port: options.port,
    onError: (res) => sendJson(res, 500, twilioError(20500)),
  });
  return {
    url: server.url,
    accountSid,
    authToken,
    serviceSid,
    recorder,
    faults,
    state,
    clock,
    close: () => server.close(),
  };
}

type Route =
  | {
      readonly kind: "op";
      readonly operation: "CreateVerification" | "UpdateVerification" | "FetchVerification";
      readonly serviceSid: string;
      readonly target: string | undefined;
    }
  | { readonly kind: "method" | "unknown"; readonly operation: string };

function routeOf(method: string, pathname: string): Route {
  const m = VERIFICATIONS.exec(pathname);
  if (m === null) return { kind: "unknown", operation: `gap:${method} ${maskPhone(pathname)}` };
  const [, serviceSid, rawTarget] = m;
  const target = rawTarget === undefined ? undefined : decoded(rawTarget);
  const operation =
    target === undefined
      ? method === "POST"
        ? "CreateVerification"
        : undefined
      : method === "POST"
        ? "UpdateVerification"
        : method === "GET"
          ? "FetchVerification"
          : undefined;
  if (operation === undefined) {
    return { kind: "method", operation: `gap:${method} ${maskPhone(pathname)}` };
  }
  return { kind: "op", operation, serviceSid: serviceSid!, target };
}

/** A path segment decoded, or as sent when its %-escapes are malformed (it then matches nothing). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Twilio reads form fields only from `application/x-www-form-urlencoded` bodies (TOAI). */
function formOf(req: IncomingMessage, body: Buffer): URLSearchParams {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded"
    ? new URLSearchParams(body.toString("utf8"))
    : new URLSearchParams();
}

/** The account SID a caller presented (not a secret), never the token. */
function callerOf(authorization: string | undefined): string {
  const match = /^Basic (.+)$/.exec(authorization ?? "");
  const user = match ? Buffer.from(match[1]!, "base64").toString("utf8").split(":")[0] : "";
  return /^AC[0-9a-f]{32}$/i.test(user ?? "") ? user! : "anonymous";
}

/** Phone numbers in paths (approve by number) are kept as the Worker logs them: `***1234`. */
function maskPhone(pathname: string): string {
  return pathname.replace(
    /(%2B|\+)(\d+)/gi,
    (_m, _plus, digits: string) => `***${digits.slice(-4)}`,
  );
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < y.length; i++) diff |= (x[i] ?? 0) ^ y[i]!;
  return diff === 0;
}
