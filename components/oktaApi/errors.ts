// The one error the Okta management API client raises, with a stable `code` per failure. Messages
// carry Okta's errorCode/errorSummary and errorId, never a credential or a token.

export type OktaApiErrorCode =
  /** No usable credential in the environment (see credentials.ts). */
  | "NO_CREDENTIALS"
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
  /** Any other non-2xx answer, a timeout, or a network failure. */
  | "HTTP_ERROR";

export class OktaApiError extends Error {
  constructor(
    readonly code: OktaApiErrorCode,
    message: string,
    /** HTTP status, when there was a response. */
    readonly status?: number,
    /** Okta's own errorCode (E0000…) or OAuth error, when the body had one. */
    readonly oktaError?: string,
  ) {
    super(message);
    this.name = "OktaApiError";
  }
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
  return new OktaApiError(
    BY_STATUS[status] ?? "HTTP_ERROR",
    `${method} ${path}: HTTP ${status}${oktaCode ? ` ${oktaCode}` : ""}: ${summary}${errorId}`,
    status,
    oktaCode,
  );
}
