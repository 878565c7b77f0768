// Response builders and the one place that maps an error to a response: request errors say which
// rule was broken, everything else becomes a fixed public message with a stable code.

import { ReceiverError, RequestError, type ErrorCode } from "./errors";
import type { Logger } from "./log";

const PUBLIC_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  unauthorized: "Missing or invalid credentials",
  not_found: "No such endpoint",
  method_not_allowed: "Method not allowed",
  unsupported_media_type: "Content-Type must be application/json",
  payload_too_large: "Request body too large",
  malformed_json: "Request body is not valid JSON",
  invalid_payload: "Request body does not match the hook contract",
  invalid_phone_number: "Phone number cannot be normalised to E.164",
  config_invalid: "Internal error",
  internal: "Internal error",
  twilio_rejected: "Upstream provider rejected the request",
  twilio_unavailable: "Upstream provider unavailable",
  okta_token_failed: "Upstream provider unavailable",
  okta_api_failed: "Upstream provider unavailable",
  okta_rate_limited: "Upstream provider unavailable",
  okta_unavailable: "Upstream provider unavailable",
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

/** Maps any thrown value to a response and logs it; never echoes the error's own message. */
export function errorResponse(error: unknown, log: Logger): Response {
  const known = error instanceof ReceiverError;
  const code: ErrorCode = known ? error.code : "internal";
  const status = known ? error.status : 500;
  const fields = {
    code,
    status,
    detail: known ? error.message : undefined,
    errorName: error instanceof Error ? error.name : typeof error,
  };
  log.log(status >= 500 ? "error" : "warn", "request.failed", fields);
  const headers = error instanceof RequestError ? { ...error.headers } : {};
  // A 500 says nothing about why: not even that the configuration is at fault.
  const publicCode: ErrorCode = status === 500 ? "internal" : code;
  return json(
    { error: { code: publicCode, message: PUBLIC_MESSAGES[publicCode] } },
    status,
    headers,
  );
}
