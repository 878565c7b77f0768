// Twilio Verify v2 client: start a verification with Okta's code (telephony hook) and approve one
// by phone number (feedback). Retries only what Twilio calls retryable, and only within a deadline.

import { call, sleep, parseJson, type CallOutcome, type Deadline, type FetchFn } from "./deadline";
import type { Logger } from "./log";

export interface TwilioConfig {
  readonly accountSid: string;
  readonly authToken: string;
  readonly serviceSid: string;
  readonly apiBase: string;
}

export interface CodeRequest {
  /** E.164. */
  readonly to: string;
  readonly channel: "sms" | "call";
  readonly customCode: string;
  readonly locale: string | undefined;
}

export type SendResult =
  | {
      readonly kind: "sent";
      readonly sid: string | undefined;
      readonly attemptSid: string | undefined;
    }
  /** A request timed out after leaving: Twilio may have sent the code. */
  | { readonly kind: "unconfirmed" }
  /** Twilio's abuse controls refused to send (see REFUSED_CODES). */
  | { readonly kind: "refused"; readonly twilioCode: number }
  /** Twilio definitely did not send, and retrying will not change that. */
  | {
      readonly kind: "rejected";
      readonly httpStatus: number;
      readonly twilioCode: number | undefined;
    }
  /** Retryable failures until the deadline or attempt cap; nothing was sent. */
  | {
      readonly kind: "unavailable";
      readonly httpStatus: number | undefined;
      readonly twilioCode: number | undefined;
    };

export type ApproveResult = "approved" | "not_found" | "failed";

/** Twilio errors that mean "sending again is abuse": 60203 max send attempts, 60410 Fraud Guard. */
export const REFUSED_CODES: ReadonlySet<number> = new Set([60203, 60410]);
/** 20429: too many concurrent requests; Twilio documents it as safe to retry with backoff. */
const RETRYABLE_CODE = 20429;
/** Below this much budget a Twilio call is not started. */
export const MIN_ATTEMPT_MS = 150;
const MAX_ATTEMPTS = 4;
const APPROVE_ATTEMPT_MS = 5000;

export interface TwilioVerify {
  sendCode(request: CodeRequest, deadline: Deadline, log: Logger): Promise<SendResult>;
  approveByPhone(e164: string, deadline: Deadline, log: Logger): Promise<ApproveResult>;
}

export function createTwilioVerify(config: TwilioConfig, fetchFn: FetchFn): TwilioVerify {
  const base = `${config.apiBase}/v2/Services/${encodeURIComponent(config.serviceSid)}/Verifications`;
  const headers = {
    authorization: `Basic ${btoa(`${config.accountSid}:${config.authToken}`)}`,
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  const post = (url: string, form: Record<string, string>, timeoutMs: number) =>
    call(fetchFn, url, { method: "POST", headers, body: new URLSearchParams(form) }, timeoutMs);

  return {
    async sendCode(request, deadline, log) {
      let locale = request.locale;
      let last: { httpStatus: number | undefined; twilioCode: number | undefined } = {
        httpStatus: undefined,
        twilioCode: undefined,
      };
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const budget = deadline.remaining();
        if (budget < MIN_ATTEMPT_MS) break;
        const form: Record<string, string> = {
          To: request.to,
          Channel: request.channel,
          CustomCode: request.customCode,
        };
        if (locale !== undefined) form.Locale = locale;
        const outcome = await post(base, form, budget);
        if (outcome.kind === "timeout") return { kind: "unconfirmed" };
        if (outcome.kind === "response" && (outcome.status === 201 || outcome.status === 200)) {
          return { kind: "sent", ...verificationIds(outcome.text) };
        }
        const error = errorOf(outcome);
        log.log("warn", "twilio.send_failed", {
          attempt,
          ...error,
          network: outcome.kind === "network",
        });
        // Twilio answers 404 to an unsupported Locale and recommends retrying without it.
        if (error.httpStatus === 404 && locale !== undefined) {
          locale = undefined;
          continue;
        }
        if (error.twilioCode !== undefined && REFUSED_CODES.has(error.twilioCode)) {
          return { kind: "refused", twilioCode: error.twilioCode };
        }
        if (!isRetryable(outcome, error.twilioCode)) {
          return {
            kind: "rejected",
            httpStatus: error.httpStatus ?? 0,
            twilioCode: error.twilioCode,
          };
        }
        last = error;
        const wait = backoffMs(attempt, outcome);
        if (deadline.remaining() < wait + MIN_ATTEMPT_MS) break;
        await sleep(wait);
      }
      return { kind: "unavailable", ...last };
    },

    async approveByPhone(e164, deadline, log) {
      const url = `${base}/${encodeURIComponent(e164)}`;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const budget = Math.min(deadline.remaining(), APPROVE_ATTEMPT_MS);
        if (budget < MIN_ATTEMPT_MS) break;
        const outcome = await post(url, { Status: "approved" }, budget);
        if (outcome.kind === "response" && outcome.status === 200) return "approved";
        const error = errorOf(outcome);
        // Approved, expired or never started: Twilio has already deleted the verification.
        if (error.twilioCode === 20404 || error.httpStatus === 404) return "not_found";
        log.log("warn", "twilio.approve_failed", { attempt, ...error, outcome: outcome.kind });
        // Approving is idempotent (a repeat finds nothing: 20404), so a timeout may be retried here.
        if (outcome.kind !== "timeout" && !isRetryable(outcome, error.twilioCode)) return "failed";
        const wait = backoffMs(attempt, outcome);
        if (deadline.remaining() < wait + MIN_ATTEMPT_MS) break;
        await sleep(wait);
      }
      return "failed";
    },
  };
}

function errorOf(outcome: CallOutcome): {
  httpStatus: number | undefined;
  twilioCode: number | undefined;
} {
  if (outcome.kind !== "response") return { httpStatus: undefined, twilioCode: undefined };
  const body = parseJson(outcome.text) as { code?: unknown } | undefined;
  const code = typeof body?.code === "number" ? body.code : undefined;
  return { httpStatus: outcome.status, twilioCode: code };
}

function isRetryable(outcome: CallOutcome, twilioCode: number | undefined): boolean {
  if (outcome.kind === "network") return true;
  if (outcome.kind !== "response") return false;
  if (outcome.status >= 500) return true;
  return outcome.status === 429 && (twilioCode === undefined || twilioCode === RETRYABLE_CODE);
}

/**
 * The wait before retry `attempt + 1`. Twilio's Retry-After (seconds) is the earliest moment it
 * will take the request again, so jitter only adds to it (up to 25 %), spreading a batch's retries
 * out without sending any of them early. Without one: 100 ms doubling, ±25 %.
 */
export function backoffMs(attempt: number, outcome: CallOutcome): number {
  const retryAfter =
    outcome.kind === "response" ? Number(outcome.headers.get("retry-after") ?? NaN) : NaN;
  if (Number.isFinite(retryAfter) && retryAfter >= 0) {
    return Math.ceil(retryAfter * 1000 * (1 + Math.random() * 0.25));
  }
  return Math.round(100 * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
}

function verificationIds(text: string): {
  sid: string | undefined;
  attemptSid: string | undefined;
} {
  const body = parseJson(text) as
    { sid?: unknown; send_code_attempts?: Array<{ attempt_sid?: unknown }> } | undefined;
  const attempts = Array.isArray(body?.send_code_attempts) ? body.send_code_attempts : [];
  const lastAttempt = attempts[attempts.length - 1]?.attempt_sid;
  return {
    sid: typeof body?.sid === "string" ? body.sid : undefined,
    attemptSid: typeof lastAttempt === "string" ? lastAttempt : undefined,
  };
}
