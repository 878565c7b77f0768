// The Okta simulator's request pipeline: route to a spec operation (or record a gap), then the
// concurrency limit, injected faults, authentication and scope, the rate-limit bucket, the body
// against the spec's schema, and the operation's handler. Every outcome is answered and recorded
// in one place.
import type { IncomingMessage, ServerResponse } from "node:http";
import { applyTransportFault, type FaultKind, type FaultPlan } from "../shared/faults";
import type { Recorder } from "../shared/recorder";
import { BodyTooLarge, readBody, requestUrl, sendJson, type Handler } from "../shared/server";
import { operationMatcher, type SpecOperation } from "../../spec/oktaOperations";
import { authorize, invalidToken } from "./authenticate";
import { oauthError, oktaError, validationFailed, type OktaError } from "./errors";
import { handlers } from "./handlers";
import type { Caller, OpHandler, Org, Reply } from "./org";
import { bucketOf, type RateLimiter } from "./rateLimits";
import type { TokenEndpoint } from "./tokenEndpoint";
import { requestBodyOf, requestProblems } from "./validate";

export interface Pipeline {
  readonly org: Org;
  readonly recorder: Recorder;
  readonly faults: FaultPlan;
  readonly limiter: RateLimiter;
  readonly tokenEndpoint: TokenEndpoint;
  readonly maxBodyBytes: number;
  /** Sees every answer (the response-schema check). */
  readonly onAnswer: (operation: string, reply: Reply | OktaError) => void;
}

/** How one request ended: an answer, or a transport fault that sent none. */
type Outcome =
  | {
      readonly operation: string;
      readonly reply: Reply | OktaError;
      readonly caller?: string;
      readonly scope?: string;
      readonly bucket?: string;
      /** x-rate-limit-* headers of the bucket the call counted against. */
      readonly rate?: Readonly<Record<string, string>>;
    }
  | { readonly operation: string; readonly transport: "timeout" | "drop" };

interface Request {
  readonly req: IncomingMessage;
  /**
   * The body, read from the start: the whole request arrives before Okta answers, slowly or not,
   * so a client that gives up during a slow fault has still made its call (and it is recorded).
   */
  readonly body: Promise<Buffer>;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly path: string;
}

const matcher = operationMatcher();
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/** The org AS token endpoint is in Okta's OAuth spec (operation `token`), not the Management one. */
const TOKEN_OPERATION: SpecOperation = {
  id: "token",
  method: "POST",
  path: "/oauth2/v1/token",
  scopes: [],
  ssws: false,
  tag: "OrgAS",
};

/** For operations with no documented scope (the org metadata): no credential is read. */
const ANONYMOUS: Caller = {
  kind: "oauth",
  id: "anonymous",
  roles: [],
  permissions: [],
  scopes: [],
};

export function requestHandler(p: Pipeline): Handler {
  return async (req, res) => {
    const started = performance.now();
    const at = p.org.clock.now();
    const done = p.recorder.enter();
    try {
      await handle(p, req, res, started, at);
    } finally {
      done();
    }
  };
}

async function handle(
  p: Pipeline,
  req: IncomingMessage,
  res: ServerResponse,
  started: number,
  at: number,
): Promise<void> {
  const url = requestUrl(req);
  const body = readBody(req, p.maxBodyBytes);
  // Awaited (and its BodyTooLarge answered) where the operation reads it; never unhandled.
  body.catch(() => undefined);
  const request = {
    req,
    body,
    res,
    url,
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
  };
  const outcome = await answer(p, request);
  let status = 0;
  let errorCode: string | undefined;
  if ("transport" in outcome) {
    errorCode = outcome.transport;
  } else {
    const { reply } = outcome;
    status = reply.status;
    errorCode = errorCodeOf(reply);
    // Okta's Date header is Okta's clock, against which clients read x-rate-limit-reset
    // (rl-best-practices); here that is the simulated clock, scaled or moved as it may be.
    send(res, reply, { date: new Date(p.org.clock.now()).toUTCString(), ...outcome.rate });
    p.onAnswer(outcome.operation, reply);
  }
  const scope = "scope" in outcome ? outcome.scope : undefined;
  const bucket = "bucket" in outcome ? outcome.bucket : undefined;
  p.recorder.record({
    sim: "okta",
    operation: outcome.operation,
    method: request.method,
    path: request.path,
    status,
    caller: ("caller" in outcome ? outcome.caller : undefined) ?? "anonymous",
    ...(scope === undefined ? {} : { scope }),
    ...(bucket === undefined ? {} : { bucket }),
    ...(errorCode === undefined ? {} : { errorCode }),
    latencyMs: performance.now() - started,
    at,
  });
}

async function answer(p: Pipeline, r: Request): Promise<Outcome> {
  const routed = route(r);
  if ("reply" in routed) return routed;
  const { op } = routed;
  const release = p.limiter.enter();
  if (release === undefined) {
    const now = Math.ceil(p.org.clock.now() / 1000);
    const rate = {
      "x-rate-limit-limit": String(p.limiter.concurrency),
      "x-rate-limit-remaining": "0",
      "x-rate-limit-reset": String(now + 1),
    };
    return {
      operation: op.id,
      bucket: "concurrency",
      reply: oktaError("E0000047", { headers: rate }),
    };
  }
  try {
    const fault = p.faults.take(op.id);
    if (fault !== undefined && (await applyTransportFault(fault, r.res, p.org.clock))) {
      return { operation: op.id, transport: "timeout" in fault ? "timeout" : "drop" };
    }
    return routed.handler === undefined
      ? await token(p, r, fault)
      : await operation(p, r, routed, fault);
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err;
    // (inferred) Okta's front end refuses an oversized body; the shape is its reader error.
    const error = oktaError("E0000003", { causes: [`request body over ${err.limit} bytes`] });
    return { operation: op.id, reply: { ...error, status: 413 } };
  } finally {
    release();
  }
}

interface Routed {
  readonly op: SpecOperation;
  readonly params: Readonly<Record<string, string>>;
  /** Undefined for the token endpoint. */
  readonly handler?: OpHandler;
}

function route(r: Request): Routed | Extract<Outcome, { reply: unknown }> {
  const gap = (reply: OktaError) => ({ operation: `gap:${r.method} ${r.path}`, reply });
  if (r.path === TOKEN_OPERATION.path) {
    return r.method === "POST" ? { op: TOKEN_OPERATION, params: {} } : gap(oktaError("E0000022"));
  }
  const match = matcher.match(r.method, r.path);
  if (match === undefined) {
    // A path the spec has under another method is E0000022; no path at all is E0000007.
    const other = METHODS.some((m) => m !== r.method && matcher.match(m, r.path) !== undefined);
    return gap(
      other
        ? oktaError("E0000022")
        : oktaError("E0000007", { detail: `Resource not found: ${r.path}` }),
    );
  }
  const handler = handlers[match.operation.id];
  if (handler === undefined) {
    // In Okta's spec but not simulated: 501 rather than 404, so no client mistakes it for a
    // deleted resource (a provider read treats 404 as "gone").
    return gap(oktaError("E0000052", { causes: [`${match.operation.id} is not simulated`] }));
  }
  return { op: match.operation, params: match.params, handler };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function credentials(req: IncomingMessage): { authorization?: string; dpop?: string } {
  const authorization = header(req, "authorization");
  const dpop = header(req, "dpop");
  return {
    ...(authorization === undefined ? {} : { authorization }),
    ...(dpop === undefined ? {} : { dpop }),
  };
}

async function token(p: Pipeline, r: Request, fault: FaultKind | undefined): Promise<Outcome> {
  const body = await r.body;
  const bucket = bucketOf(TOKEN_OPERATION);
  const rate = p.limiter.take(`token:${tokenCaller(body)}`, bucket);
  const base = { operation: TOKEN_OPERATION.id, bucket, rate: rate.headers };
  if (!rate.allowed) return { ...base, reply: oktaError("E0000047") };
  if (fault !== undefined && "status" in fault) {
    // The token endpoint answers a refused client in the OAuth shape (the error catalog's).
    return {
      ...base,
      reply: fault.status === 401 ? oauthError("invalid_client") : statusFault(fault),
    };
  }
  if (!(header(r.req, "content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    const description = "The request must use application/x-www-form-urlencoded.";
    return {
      ...base,
      reply: { status: 400, body: { error: "invalid_request", error_description: description } },
    };
  }
  const outcome = await p.tokenEndpoint.handle({
    form: new URLSearchParams(body.toString("utf8")),
    ...credentials(r.req),
    endpoints: p.org.orgUrls.map((u) => `${u}${TOKEN_OPERATION.path}`),
  });
  return {
    ...base,
    reply: outcome.reply,
    ...(outcome.clientId ? { caller: outcome.clientId } : {}),
  };
}

async function operation(
  p: Pipeline,
  r: Request,
  routed: Routed,
  fault: FaultKind | undefined,
): Promise<Outcome> {
  const { op } = routed;
  let caller = ANONYMOUS;
  let scope: string | undefined;
  if (op.scopes.length > 0) {
    const auth = await authorize(p.org, op, {
      ...credentials(r.req),
      method: r.method,
      path: r.path,
    });
    if (!auth.ok) {
      const used = auth.missingScope ?? auth.scope;
      return {
        operation: op.id,
        reply: auth.error,
        ...(auth.caller ? { caller: auth.caller } : {}),
        ...(used ? { scope: used } : {}),
      };
    }
    caller = auth.caller;
    scope = auth.scope;
  }
  const bucket = bucketOf(op);
  const rate = p.limiter.take(`${caller.kind}:${caller.id}`, bucket);
  const base = {
    operation: op.id,
    caller: caller.id,
    bucket,
    rate: rate.headers,
    ...(scope ? { scope } : {}),
  };
  if (!rate.allowed) return { ...base, reply: oktaError("E0000047") };
  if (fault !== undefined && "status" in fault) return { ...base, reply: statusFault(fault) };
  const body = await jsonBody(r, op);
  if (body !== undefined && "error" in body) return { ...base, reply: body.error };
  const reply = await routed.handler!({
    org: p.org,
    op,
    params: routed.params,
    query: r.url.searchParams,
    body: body?.value,
    caller,
  });
  return { ...base, reply };
}

/** The request's JSON body, checked against the operation's schema; undefined when it has none. */
async function jsonBody(
  r: Request,
  op: SpecOperation,
): Promise<{ value: unknown } | { error: OktaError } | undefined> {
  if (r.method !== "POST" && r.method !== "PUT" && r.method !== "PATCH") return undefined;
  const raw = await r.body;
  let value: unknown;
  if (raw.length > 0) {
    if (!/^application\/(merge-patch\+)?json/i.test(header(r.req, "content-type") ?? "")) {
      return { error: oktaError("E0000021") };
    }
    try {
      value = JSON.parse(raw.toString("utf8"));
    } catch {
      return { error: oktaError("E0000003") };
    }
  }
  const expected = requestBodyOf(op.id);
  if (expected === undefined || (value === undefined && expected === "optional")) return { value };
  // Okta's reader error for a missing body (E0000003), its validation error otherwise.
  if (value === undefined) return { error: oktaError("E0000003") };
  const problems = requestProblems(op.id, value);
  return problems.length > 0
    ? { error: validationFailed(problems[0]!.field, problems) }
    : { value };
}

function send(
  res: ServerResponse,
  reply: Reply | OktaError,
  rate: Readonly<Record<string, string>> = {},
): void {
  const headers = { ...rate, ...(reply.headers ?? {}) } as Record<string, string>;
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    sendJson(res, reply.status, reply.body, headers);
  }
}

function errorCodeOf(reply: Reply | OktaError): string | undefined {
  if (reply.status < 400) return undefined;
  const body = reply.body as { errorCode?: unknown; error?: unknown } | undefined;
  if (typeof body?.errorCode === "string") return body.errorCode;
  return typeof body?.error === "string" ? body.error : undefined;
}

/**
 * An injected status fault in Okta's error shape for that status: 429 with remaining 0, 401 as for
 * an invalid token, 403 and 404 as Okta's own (fixtures/okta-api-error-*.json), 5xx otherwise.
 */
function statusFault(fault: Extract<FaultKind, { status: number }>): OktaError {
  switch (fault.status) {
    case 429:
      return oktaError("E0000047", { headers: { "x-rate-limit-remaining": "0" } });
    case 401:
      return invalidToken();
    case 403:
      return oktaError("E0000006");
    case 404:
      return oktaError("E0000007", { detail: "Resource not found" });
    default:
      return { ...oktaError(fault.status === 503 ? "E0000010" : "E0000009"), status: fault.status };
  }
}

/** The client an unauthenticated token request names, for its rate-limit bucket. */
function tokenCaller(body: Buffer): string {
  const form = new URLSearchParams(body.toString("utf8"));
  const assertion = form.get("client_assertion");
  if (assertion !== null) {
    try {
      const payload = JSON.parse(
        Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString(),
      );
      if (typeof payload.iss === "string") return payload.iss;
    } catch {
      // falls through to the form's client_id
    }
  }
  return form.get("client_id") ?? "anonymous";
}
