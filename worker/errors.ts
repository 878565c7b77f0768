// The receiver's error hierarchy: every failure carries a stable `code`; only respond.ts turns
// one into an HTTP response, and only the public message of the code ever leaves the Worker.

/** Failures that end a request with a client error (4xx). */
export type ClientErrorCode =
  | "unauthorized"
  | "not_found"
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "malformed_json"
  | "invalid_payload"
  | "invalid_phone_number";

/** Failures of the Worker itself or of an upstream it depends on. */
export type ServerErrorCode =
  | "config_invalid"
  | "internal"
  | "twilio_rejected"
  | "twilio_unavailable"
  | "okta_token_failed"
  | "okta_api_failed"
  | "okta_rate_limited"
  | "okta_unavailable";

export type ErrorCode = ClientErrorCode | ServerErrorCode;

/** Base class: `message` is for logs (never secrets), `status` for the response. */
export class ReceiverError extends Error {
  override readonly name: string = "ReceiverError";
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request is wrong; the response says which rule it broke and nothing else. */
export class RequestError extends ReceiverError {
  override readonly name = "RequestError";
  constructor(
    code: ClientErrorCode,
    status: number,
    message: string,
    /** Extra response headers, e.g. `Allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, status, message);
  }
}

/** The bindings are missing or malformed: every request fails closed with a generic 500. */
export class ConfigError extends ReceiverError {
  override readonly name = "ConfigError";
  constructor(
    message: string,
    /** Names (never values) of the offending bindings. */
    readonly bindings: readonly string[],
  ) {
    super("config_invalid", 500, message);
  }
}

/** Twilio answered with an error (or never answered); `twilioCode` is Twilio's numeric code. */
export class TwilioError extends ReceiverError {
  override readonly name = "TwilioError";
  constructor(
    code: "twilio_rejected" | "twilio_unavailable",
    message: string,
    readonly httpStatus: number | undefined,
    readonly twilioCode: number | undefined,
  ) {
    super(code, code === "twilio_rejected" ? 502 : 503, message);
  }
}

/** An Okta token or API call failed; `oktaError` is Okta's `error` / `errorCode`, if any. */
export class OktaError extends ReceiverError {
  override readonly name = "OktaError";
  constructor(
    code: "okta_token_failed" | "okta_api_failed" | "okta_rate_limited" | "okta_unavailable",
    message: string,
    readonly httpStatus: number | undefined,
    readonly oktaError: string | undefined,
  ) {
    super(code, 502, message);
  }
}
