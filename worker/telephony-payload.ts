// Reads Okta's telephony inline hook request into what Twilio needs, accepting every documented
// variant: phoneNumber / otpCode as strings or numbers, cloudEventVersion or cloudEventsVersion,
// and optional fields (locale, requestType, userProfile, msgTemplate, otpExpires) missing.
// https://developer.okta.com/docs/reference/telephony-hook/ (2024 snapshot, fixtures/SOURCES.md)

import { RequestError } from "./errors";
import { asRecord } from "./shape";

export interface OtpRequest {
  readonly phoneNumber: string;
  readonly otpCode: string;
  readonly channel: "sms" | "call";
  /** Okta's locale as sent ("EN-US"), if any. */
  readonly locale: string | undefined;
  readonly requestType: string | undefined;
  readonly userId: string | undefined;
  readonly eventId: string | undefined;
}

/** Twilio's CustomCode accepts 4-10 characters. */
const OTP_PATTERN = /^[0-9A-Za-z]{4,10}$/;

export function parseOtpRequest(body: unknown): OtpRequest {
  const root = asRecord(body);
  const data = asRecord(root.data);
  const message = asRecord(data.messageProfile);
  const phoneNumber = scalar(message.phoneNumber);
  if (phoneNumber === undefined) throw invalid("data.messageProfile.phoneNumber");
  const otpCode = scalar(message.otpCode);
  if (otpCode === undefined || !OTP_PATTERN.test(otpCode)) {
    throw invalid("data.messageProfile.otpCode");
  }
  return {
    phoneNumber,
    otpCode,
    channel: channelOf(message.deliveryChannel),
    locale: typeof message.locale === "string" ? message.locale : undefined,
    requestType: shortString(root.requestType),
    userId: shortString(asRecord(data.userProfile).userId),
    eventId: shortString(root.eventId),
  };
}

/**
 * "SMS" / "sms" → sms; "voice call", "call", "voice" in any case → call. Missing → sms (the
 * number is the same; an SMS still delivers the code). Anything else is rejected rather than
 * guessed, so Okta falls back to its own provider.
 */
function channelOf(value: unknown): "sms" | "call" {
  if (value === undefined || value === null) return "sms";
  const channel = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (channel === "sms") return "sms";
  if (channel === "call" || channel === "voice" || channel === "voice call") return "call";
  throw invalid("data.messageProfile.deliveryChannel");
}

/** A non-empty string, or a number written out (leading zeros of a numeric OTP are already lost). */
function scalar(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return undefined;
}

function shortString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value.slice(0, 128) : undefined;
}

function invalid(field: string): RequestError {
  return new RequestError("invalid_payload", 400, `missing or invalid ${field}`);
}
