// Okta telephony inline hook endpoint: sends Okta's OTP through Twilio Verify within the deadline
// and answers so the user gets the code once. docs/WORKER.md has the failure → response table.

import { requireAuth, type HeaderAuth } from "./auth";
import { readJson } from "./body";
import { Deadline } from "./deadline";
import type { RecentIds } from "./dedupe";
import { RequestError, TwilioError } from "./errors";
import { toTwilioLocale } from "./locale";
import { maskPhone, type Logger } from "./log";
import { toE164 } from "./phone";
import { json } from "./respond";
import { parseOtpRequest } from "./telephony-payload";
import { pending, refused, successful } from "./telephony-response";
import type { SendResult, TwilioVerify } from "./twilio";

/** The documented request is ~1 KB; Okta's own response limit is 256 KB. */
export const TELEPHONY_BODY_LIMIT_BYTES = 64 * 1024;

export interface TelephonyHookDeps {
  readonly auth: HeaderAuth;
  readonly twilio: TwilioVerify;
  readonly phoneDefaultRegion: string;
  /** Total budget from receipt to answer; Okta gives up at 3 s. */
  readonly deadlineMs: number;
  /** Telephony eventIds seen by this isolate (Okta sends each request once: a repeat is a replay). */
  readonly recent: RecentIds;
}

export function createTelephonyHook(deps: TelephonyHookDeps) {
  return async (request: Request, _ctx: ExecutionContext, log: Logger): Promise<Response> => {
    const deadline = new Deadline(deps.deadlineMs);
    requireAuth(deps.auth, request);
    const otp = parseOtpRequest(await readJson(request, TELEPHONY_BODY_LIMIT_BYTES));
    const to = toE164(otp.phoneNumber, deps.phoneDefaultRegion);
    if (to === undefined) {
      throw new RequestError(
        "invalid_phone_number",
        422,
        "phone number is not E.164-able, or not valid in the default region without +",
      );
    }
    // Claimed before Twilio is called, so concurrent copies are caught too. Okta never retries
    // this hook (SOURCES), and a "resend" is a new hook call, so a new event (inferred: Okta
    // documents eventId only as the request's id): a repeat is a duplicate or a replay, and the
    // first copy has already sent the code (or made Okta fail over). PENDING sends nothing and
    // makes Okta send nothing either.
    if (otp.eventId !== undefined && !deps.recent.claim(otp.eventId)) {
      log.log("warn", "telephony.replay", {
        eventId: otp.eventId,
        requestType: otp.requestType,
        userId: otp.userId,
      });
      return json(pending());
    }
    const locale = toTwilioLocale(otp.locale);
    const sending = Date.now();
    const result = await deps.twilio.sendCode(
      { to, channel: otp.channel, customCode: otp.otpCode, locale },
      deadline,
      log,
    );
    // How long Twilio took, retries included: a slow answer to Okta is Twilio's or the receiver's.
    const fields = {
      eventId: otp.eventId,
      requestType: otp.requestType,
      userId: otp.userId,
      channel: otp.channel,
      locale,
      phone: maskPhone(to),
      twilioMs: Date.now() - sending,
    };
    switch (result.kind) {
      case "sent":
        log.log("info", "telephony.sent", { ...fields, sid: result.sid });
        return json(successful(result.sid, result.attemptSid));
      case "unconfirmed":
        log.log("warn", "telephony.unconfirmed", fields);
        return json(pending());
      case "refused":
        log.log("warn", "telephony.refused", { ...fields, twilioCode: result.twilioCode });
        return json(refused(result.twilioCode));
      case "rejected":
      case "unavailable":
        // Twilio did not send: a non-200 makes Okta send the code through its own provider.
        log.log("error", "telephony.failover", {
          ...fields,
          reason: result.kind,
          httpStatus: result.httpStatus,
          twilioCode: result.twilioCode,
        });
        throw failover(result);
    }
  };
}

function failover(result: Extract<SendResult, { kind: "rejected" | "unavailable" }>): TwilioError {
  const detail = `${result.httpStatus ?? "network"} ${result.twilioCode ?? "-"}`;
  return result.kind === "rejected"
    ? new TwilioError(
        "twilio_rejected",
        `Twilio rejected (${detail})`,
        result.httpStatus,
        result.twilioCode,
      )
    : new TwilioError(
        "twilio_unavailable",
        `Twilio unavailable (${detail})`,
        result.httpStatus,
        result.twilioCode,
      );
}
