// The one error the Okta management API client raises, with a stable `code` per failure. Messages
// carry Okta's errorCode/errorSummary and errorId, never a credential or a token.

export type OktaApiErrorCode =
  /** No usable credential in the environment (see credentials.ts). */
  | "NO_CREDENTIALS"
  /** OKTA_API_SCOPES lacks a scope that a call needs (Okta would refuse the token request). */
  | "MISSING_SCOPE"
  /** The org URL is not https://host (or http on loopback, for tests). */
  | "BAD_ORG_URL"
  /** /oauth2/v1/token refused the deploying service app. */
  | "TOKEN_REQUEST_FAILED"
  /** 401: the API token or access token was not accepted (E0000011). */
  | "UNAUTHORIZED"
  /** 403: the credential lacks a scope or admin permission (E0000006). */
  | "FORBIDDEN"
  /** 404: no such app (E0000007). */
  | "NOT_FOUND"
  /** 429 after every allowed retry (E0000047). */
  | "RATE_LIMITED"
  /** Okta would not store dpop_bound_access_tokens: true for the app (docs/DPOP.md). */
  | "DPOP_REFUSED"
  /** Any other non-2xx answer, a timeout, or a network failure. */
  | "HTTP_ERROR";

/** An Error with a stable `code`; make one with oktaApiError(), recognise one with isOktaApiError(). */
export interface OktaApiError extends Error {
  readonly name: "OktaApiError";
  readonly code: OktaApiErrorCode;
  /** HTTP status, when there was a response. */
  readonly status?: number;
  /** Okta's own errorCode (E0000…) or OAuth error, when the body had one. */
  readonly oktaError?: string;
}

/**
 * A plain Error with the fields set, not a subclass: this code runs from a serialized closure, and
 * Pulumi's serializer rewrites `class X extends Error` into a function whose instances carry no
 * message, so the engine would print an empty error (PROVIDERS.md, "Engine facts").
 */
export function oktaApiError(
  code: OktaApiErrorCode,
  message: string,
  status?: number,
  oktaError?: string,
): OktaApiError {
  const error = new Error(message);
  error.name = "OktaApiError";
  return Object.assign(error, {
    code,
    ...(status === undefined ? {} : { status }),
    ...(oktaError === undefined ? {} : { oktaError }),
  }) as OktaApiError;
}

export function isOktaApiError(value: unknown): value is OktaApiError {
  return (
    value instanceof Error &&
    value.name === "OktaApiError" &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/** The same failure (code, status, Okta's code) with a message that says where and what to do. */
export function explained(error: OktaApiError, where: string, fix: string): OktaApiError {
  return oktaApiError(
    error.code,
    `${where}: ${error.message.replace(/\.$/, "")}. Fix: ${fix}`,
    error.status,
    error.oktaError,
  );
}

const BY_STATUS: Record<number, OktaApiErrorCode> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  429: "RATE_LIMITED",
};

/** An OktaApiError for a non-2xx management API response (body already parsed, or not JSON). */
export function errorFromResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): OktaApiError {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const oktaCode = typeof b["errorCode"] === "string" ? b["errorCode"] : undefined;
  const summary = typeof b["errorSummary"] === "string" ? b["errorSummary"] : "no error body";
  const errorId = typeof b["errorId"] === "string" ? ` (errorId ${b["errorId"]})` : "";
  return oktaApiError(
    BY_STATUS[status] ?? "HTTP_ERROR",
    `${method} ${path}: HTTP ${status}${oktaCode ? ` ${oktaCode}` : ""}: ${summary}${errorId}`,
    status,
    oktaCode,
  );
}
