// Okta's two error shapes: the Management API's `{errorCode, errorSummary, errorLink, errorId,
// errorCauses}` and the OAuth endpoints' `{error, error_description}` from Okta's error catalog.
import { randomBytes } from "node:crypto";
import catalog from "./data/okta-oauth-error-catalog-token-subset.json";

export interface OktaErrorBody {
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly errorLink: string;
  readonly errorId: string;
  readonly errorCauses: ReadonlyArray<{ readonly errorSummary: string }>;
}

/**
 * The codes the simulator answers, with their HTTP status and summary from Okta's error-code
 * reference (developer.okta.com/docs/reference/error-codes/) and the spec's Error* examples.
 */
export const OKTA_ERRORS = {
  E0000001: { status: 400, summary: "Api validation failed: {0}" },
  E0000003: { status: 400, summary: "The request body was not well-formed." },
  E0000006: { status: 403, summary: "You do not have permission to perform the requested action" },
  E0000007: { status: 404, summary: "Not found: {0}" },
  E0000009: { status: 500, summary: "Internal Server Error" },
  E0000010: { status: 503, summary: "Service is in read only mode" },
  E0000011: { status: 401, summary: "Invalid token provided" },
  E0000021: {
    status: 400,
    summary:
      "Bad request. Accept and/or Content-Type headers likely do not match supported values.",
  },
  // The reference lists 404; Okta's support article "API Call results in Method Not Allowed or
  // 405 error" shows what clients actually get for a method a path does not support.
  E0000022: { status: 405, summary: "The endpoint does not support the provided HTTP method" },
  E0000031: { status: 400, summary: "Bad request. Invalid filter parameter." },
  // "The role specified is already assigned to the user." (the reference's E0000090, 409).
  E0000090: { status: 409, summary: "Duplicate role assignment exception." },
  E0000047: { status: 429, summary: "API call exceeded rate limit due to too many requests." },
  // Okta's own code and text for an endpoint it does not serve. The simulator answers with it
  // for a spec operation it does not model, and records the call as a gap (router.ts), so that
  // a missing behaviour fails loudly instead of looking like a 404 the client might expect.
  E0000052: { status: 501, summary: "Endpoint not implemented." },
  E0000056: { status: 403, summary: "Delete application forbidden." },
} as const;

export type OktaErrorCode = keyof typeof OKTA_ERRORS;

/** An Okta error answer: status, body and extra headers. */
export interface OktaError {
  readonly status: number;
  readonly body: OktaErrorBody | OAuthErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Okta's errorId is an opaque per-response id ("oae…" in live answers). */
const errorId = () => `oae${randomBytes(11).toString("base64url")}`;

/**
 * `{0}` in a summary is filled with `detail` (Okta's "Not found: Resource not found: X (AppInstance)"
 * and "Api validation failed: label" carry the resource or field there).
 */
export function oktaError(
  code: OktaErrorCode,
  options: {
    readonly detail?: string;
    readonly causes?: readonly string[];
    readonly headers?: Readonly<Record<string, string>>;
  } = {},
): OktaError {
  const { status, summary } = OKTA_ERRORS[code];
  const errorSummary = summary.replace("{0}", options.detail ?? "");
  return {
    status,
    body: {
      errorCode: code,
      errorSummary,
      errorLink: code,
      errorId: errorId(),
      errorCauses: (options.causes ?? []).map((s) => ({ errorSummary: s })),
    },
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

/** The 404 Okta gives for an id it does not hold, naming the resource type as Okta does. */
export function notFound(id: string, kind: string): OktaError {
  return oktaError("E0000007", { detail: `Resource not found: ${id} (${kind})` });
}

/** E0000001 with one cause per problem, each "field: message" as Okta writes them. */
export function validationFailed(
  field: string,
  causes: ReadonlyArray<{ readonly field: string; readonly message: string }>,
): OktaError {
  return oktaError("E0000001", {
    detail: field,
    causes: causes.map((c) => `${c.field}: ${c.message}`),
  });
}

export interface OAuthErrorBody {
  readonly error: string;
  readonly error_description: string;
}

type CatalogEntry = (typeof catalog.errors)[number];
const byInternal = new Map<string, CatalogEntry>(
  catalog.errors.map((e) => [e.internalErrorCode, e]),
);

/**
 * An OAuth error by the catalog's internalErrorCode (oauth2-error-codes.json in Okta's developer
 * docs, copied verbatim into data/): its status, `error` and `error_description`.
 */
export function oauthError(
  internalCode: string,
  headers?: Readonly<Record<string, string>>,
): OktaError {
  const entry = byInternal.get(internalCode);
  if (entry === undefined) throw new TypeError(`no OAuth catalog entry ${internalCode}`);
  return {
    status: entry.statusCode,
    body: { error: entry.errorCode, error_description: entry.errorDescription },
    ...(headers ? { headers } : {}),
  };
}
