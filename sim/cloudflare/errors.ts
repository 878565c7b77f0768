// Cloudflare API v4 answers: the envelope `{success, errors, messages, result}` (PROVIDERS.md;
// developers.cloudflare.com/fundamentals/api/how-to/make-api-calls) and every error the simulator
// gives, each with the source of its code, status and text ("inferred" where none shows all three).

export interface CfMessage {
  readonly code: number;
  readonly message: string;
  readonly error_chain?: readonly CfMessage[];
}

/** A handler's answer: a JSON envelope, or raw bytes (script content). */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is, with `headers`' content-type, instead of JSON. */
  readonly raw?: Buffer | string;
}

/** A value, or the Cloudflare error that stands in its place. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reply: Reply };

export const value = <T>(v: T): Result<T> => ({ ok: true, value: v });
export const refuse = <T>(reply: Reply): Result<T> => ({ ok: false, reply });

export function ok(
  result: unknown,
  extra: { readonly messages?: readonly CfMessage[]; readonly result_info?: unknown } = {},
): Reply {
  return {
    status: 200,
    body: { success: true, errors: [], messages: extra.messages ?? [], result, ...extra },
  };
}

export function failure(status: number, ...errors: CfMessage[]): Reply {
  return { status, body: { success: false, errors, messages: [], result: null } };
}

/** The Cloudflare code of a failure reply (for the recorder), if it is one. */
export function errorCodeOf(reply: Reply): number | undefined {
  const body = reply.body as { success?: boolean; errors?: CfMessage[] } | undefined;
  return body?.success === false ? body.errors?.[0]?.code : undefined;
}

export const CF = {
  /**
   * No Authorization header: 400 9106, as Cloudflare answers it (seen verbatim against
   * api.cloudflare.com/client/v4/radar/* without a token; code index, Cloudflare Radar checks).
   */
  missingAuth: () =>
    failure(400, {
      code: 9106,
      message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers",
    }),
  /**
   * A token that is not `Bearer` + token68 of 40-80 `[0-9A-Za-z_-]` (the provider's own check,
   * internal/provider.go api_token validator): 400 6003 with 6111 in `error_chain`
   * (willswire/unifi-ddns#78, verbatim).
   */
  badAuthFormat: () =>
    failure(400, {
      code: 6003,
      message: "Invalid request headers",
      error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
    }),
  /** A well-formed token the simulator never issued: 401 10000 (measured against a fake token). */
  unknownToken: () => failure(401, { code: 10000, message: "Authentication error" }),
  /**
   * A valid token used on an account it does not cover: 403 10000 (the answer wrangler shows as
   * "Authentication error [code: 10000]", cloudflare/workers-sdk#2678; status seen with 403).
   */
  wrongAccount: () => failure(403, { code: 10000, message: "Authentication error" }),
  /** `GET /user/tokens/verify` with a token that is not valid (inferred: 1000 "Invalid API Token"). */
  invalidToken: () => failure(401, { code: 1000, message: "Invalid API Token" }),
  /**
   * An unknown path: 400 7003 + 7000 (Cloudflare's Workers API docs, "No route for that URI";
   * status as a third-party fixture records it). Unknown object ids get the pair with 404, which
   * is what the provider's Read needs to drop a resource from state (resource.go; inferred).
   */
  noRoute: (path: string, status = 400) =>
    failure(
      status,
      {
        code: 7003,
        message: `Could not route to ${path}, perhaps your object identifier is invalid?`,
      },
      { code: 7000, message: "No route for that URI" },
    ),
  /** A known path with another method (inferred code; text as Cloudflare answered a POST to it). */
  methodNotAllowed: () =>
    failure(405, { code: 7001, message: "Method not allowed for this authentication scheme" }),
  /** 400 6007 (a Cloudflare envelope in a third-party fixture, verbatim). */
  malformedJson: () => failure(400, { code: 6007, message: "Malformed JSON in request body" }),
  /** workers.api.error.script_not_found: 404 10007 (wrangler output, verbatim message). */
  scriptNotFound: () =>
    failure(404, { code: 10007, message: "This Worker does not exist on your account." }),
  /**
   * 10021: what the Workers API answers for an upload it rejects (`No such module`, a binding it
   * cannot make, a script that throws at startup; wrangler output). The simulator also uses it for
   * a JSON field it rejects (inferred), with a message naming the field and the allowed values.
   */
  invalid: (message: string) => failure(400, { code: 10021, message }),
  /** What wrangler got asking an account without one for its subdomain (wrangler-legacy#2039). */
  noAccountSubdomain: () =>
    failure(404, { code: 10007, message: "workers.api.error.script_not_found" }),
  /** workers.api.error.subdomain_required, 10063 (cloudflare/workers-sdk#9045, verbatim). */
  subdomainRequired: () =>
    failure(400, {
      code: 10063,
      message:
        "You need a workers.dev subdomain in order to proceed. Please go to the dashboard and open the Workers menu. Opening the Workers landing page for the first time will create a workers.dev subdomain automatically.",
    }),
  /** workers.api.error.zone_not_found, 10083 (cloudflare/workers-sdk#2906; status inferred). */
  zoneNotFound: (hostname: string) =>
    failure(404, { code: 10083, message: `workers.api.error.zone_not_found for "${hostname}"` }),
  /**
   * A body over the simulator's limit. Cloudflare documents no API error for it; the simulator
   * answers 413 with the status as its code and says so.
   */
  tooLarge: (limit: number) =>
    failure(413, { code: 413, message: `request body over the simulator's ${limit}-byte limit` }),
  /**
   * 429 after the global limit (1200/5 min; fundamentals/api/reference/limits), with
   * `retry-after`; code inferred (971, Cloudflare's "throttling" code).
   */
  rateLimited: () => ({
    ...failure(429, {
      code: 971,
      message: "Please wait and consider throttling your request speed",
    }),
    headers: { "retry-after": "1" },
  }),
  /** 500 10013 (cloudflare/workers-sdk#11412, verbatim from PUT /workers/domains). */
  internal: () =>
    failure(500, {
      code: 10013,
      message:
        "An unknown error has occurred. If this error persists, please file a report in workers-sdk (https://github.com/cloudflare/workers-sdk/issues) or reach out to your account team.",
    }),
} as const;

/** The answer to a status fault: Cloudflare's error for that status, or the generic 10013. */
export function faultReply(status: number): Reply {
  if (status === 429) return CF.rateLimited();
  if (status === 401) return CF.unknownToken();
  if (status === 403) return CF.wrongAccount();
  if (status === 404) return CF.scriptNotFound();
  return { ...CF.internal(), status };
}
