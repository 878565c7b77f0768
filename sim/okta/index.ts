// The Okta simulator: Okta's Management API and the org authorization server's token endpoint on
// 127.0.0.1, in memory, every request matched to an operation of Okta's spec, authorized by its
// scope, counted against its rate-limit bucket, its body checked against the spec's schema, and
// recorded. Unknown operations are recorded as gaps, never silently answered.
import type { IncomingMessage, ServerResponse } from "node:http";
import { simClock, type SimClock } from "../shared/clock";
import { applyTransportFault, FaultPlan, type FaultKind } from "../shared/faults";
import { Recorder } from "../shared/recorder";
import { BodyTooLarge, readBody, requestUrl, sendJson, startServer } from "../shared/server";
import { operationMatcher, type SpecOperation } from "../../spec/oktaOperations";
import { AccessTokens } from "./accessTokens";
import { authorize } from "./authenticate";
import { DpopVerifier } from "./dpopProof";
import { oktaError, validationFailed, type OktaError } from "./errors";
import { consoleServiceApp } from "./apps";
import { handlers } from "./handlers";
import { deliverOtp, type OtpDelivery, type OtpRequest } from "./inlineHooks";
import { DEFAULT_BEHAVIOURS, type Behaviours, type FetchLike, type Org, type Reply } from "./org";
import { bucketOf, RateLimiter, type RateLimitOptions } from "./rateLimits";
import { applySeed, baseOrg, issueSswsToken, type OrgSeed } from "./seed";
import { OrgState, type OktaObject } from "./state";
import { TokenEndpoint } from "./tokenEndpoint";
import { requestBodyOf, requestProblems, responseProblems, type SchemaProblem } from "./validate";

export type { Behaviours } from "./org";
export type { OrgSeed } from "./seed";
export type { OtpDelivery, OtpRequest } from "./inlineHooks";
export type { RateLimitOptions } from "./rateLimits";
export { OrgState, type OktaObject } from "./state";

export interface OktaSimOptions {
  /** @default an ephemeral port */
  readonly port?: number;
  /** Objects the org starts with, beyond the base org (admin user, default policy, authenticators). */
  readonly seed?: OrgSeed;
  /** @default real time */
  readonly clock?: SimClock;
  readonly behaviours?: Partial<Behaviours>;
  /** How event hook verification and inline hook execution reach hook URIs. @default fetch */
  readonly outboundFetch?: FetchLike;
  readonly rateLimits?: RateLimitOptions;
  /**
   * The org URL clients use in grants' `issuer`, assertions' `aud` and DPoP `htu`, when it is not
   * the simulator's own URL (a provider pointed here with `httpProxy`). @default the base URL
   */
  readonly orgUrl?: string;
  /** Request body limit in bytes. @default 1 MiB */
  readonly maxBodyBytes?: number;
  /**
   * Check every 2xx answer against the spec's response schema and collect what does not fit in
   * `responseProblems` (the simulator's own tests turn this on). @default false
   */
  readonly checkResponses?: boolean;
}

export interface ResponseProblem {
  readonly operation: string;
  readonly status: number;
  readonly problems: readonly SchemaProblem[];
}

export interface IssueTokenOptions {
  /** The client the token is for. @default a synthetic deployer client, `sim-deployer` */
  readonly clientId?: string;
  readonly scopes: readonly string[];
  /**
   * Admin roles the holder acts with. @default the client's role assignments, or SUPER_ADMIN for
   * the synthetic deployer
   */
  readonly roles?: readonly string[];
}

export interface OktaSim {
  /** The org base URL, `http://127.0.0.1:P`. */
  readonly url: string;
  readonly recorder: Recorder;
  /** Faults per operation id (`createApplication:429x2`, `token:drop`, `*:503`). */
  readonly faults: FaultPlan;
  /** The org's objects, for assertions and simulated Admin Console edits. */
  readonly state: OrgState;
  readonly clock: SimClock;
  readonly behaviours: Behaviours;
  /** 2xx answers that did not fit the spec's response schema (with `checkResponses`). */
  readonly responseProblems: ResponseProblem[];
  /** A Bearer access token for `Authorization: Bearer …`, without a key. SECRET. */
  issueToken(options: IssueTokenOptions): string;
  /** An API token (`Authorization: SSWS …`) acting with `roles`. SECRET. */
  sswsToken(options: { readonly name: string; readonly roles: readonly string[] }): string;
  /**
   * What Okta does when a user needs an SMS or voice OTP: calls the active telephony inline hook
   * with Okta's payload and reads the answer by Okta's failover rules.
   */
  deliverOtp(otp: OtpRequest): Promise<OtpDelivery>;
  /**
   * Creates an API Services app as the Admin Console does: private_key_jwt with these public
   * keys and, since 2024, DPoP required unless `dpop: false` (issue 11 defect 10). Returns the app.
   */
  consoleServiceApp(options: {
    readonly label: string;
    readonly jwks: readonly Record<string, unknown>[];
    readonly dpop?: boolean;
  }): OktaObject;
  /** Adds objects to the org (same shape as `options.seed`). */
  seed(seed: OrgSeed): void;
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const matcher = operationMatcher();
const TOKEN_OPERATION: SpecOperation = {
  id: "token",
  method: "POST",
  path: "/oauth2/v1/token",
  scopes: [],
  ssws: false,
  tag: "OrgAS",
};

export async function startOktaSim(options: OktaSimOptions = {}): Promise<OktaSim> {
  const clock = options.clock ?? simClock();
  const behaviours: Behaviours = { ...DEFAULT_BEHAVIOURS, ...options.behaviours };
  const recorder = new Recorder();
  const faults = new FaultPlan();
  const state = new OrgState();
  const limiter = new RateLimiter(clock, options.rateLimits);
  const maxBody = options.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
  const tokens = new AccessTokens(clock);
  const dpop = new DpopVerifier(clock);
  const orgRef: { org?: Org } = {};
  const problems: ResponseProblem[] = [];
  const check = (operation: string, r: Reply | OktaError) => {
    if (!options.checkResponses || r.status < 200 || r.status >= 300) return;
    const found = responseProblems(operation, r.status, r.body);
    if (found.length > 0) problems.push({ operation, status: r.status, problems: found });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const at = clock.now();
    const url = requestUrl(req);
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const org = orgRef.org!;
    const record = (
      operation: string,
      status: number,
      caller: string,
      extra: { scope?: string; bucket?: string; errorCode?: string } = {},
    ) =>
      recorder.record({
        sim: "okta",
        operation,
        method,
        path,
        status,
        caller,
        ...extra,
        latencyMs: performance.now() - started,
        at,
      });
    const reply = (r: Reply | OktaError, extraHeaders: Record<string, string> = {}) => {
      const headers = { ...extraHeaders, ...(r.headers ?? {}) } as Record<
        string,
        string | string[]
      >;
      if (r.body === undefined) {
        res.writeHead(r.status, headers);
        res.end();
      } else {
        sendJson(res, r.status, r.body, headers as Record<string, string>);
      }
    };
    const errorCodeOf = (r: Reply | OktaError): string | undefined => {
      const b = r.body as { errorCode?: unknown; error?: unknown } | undefined;
      return r.status >= 400
        ? typeof b?.errorCode === "string"
          ? b.errorCode
          : typeof b?.error === "string"
            ? b.error
            : undefined
        : undefined;
    };

    const isToken = path === "/oauth2/v1/token";
    const match = isToken ? undefined : matcher.match(method, path);
    if (!isToken && match === undefined) {
      // A path the spec has under another method is E0000022; no path at all is E0000007.
      const other = ["GET", "POST", "PUT", "DELETE", "PATCH"].some(
        (m) => m !== method && matcher.match(m, path) !== undefined,
      );
      const error = other
        ? oktaError("E0000022")
        : oktaError("E0000007", { detail: `Resource not found: ${path}` });
      reply(error);
      record(`gap:${method} ${path}`, error.status, "anonymous", { errorCode: errorCodeOf(error) });
      return;
    }
    if (isToken && method !== "POST") {
      const error = oktaError("E0000022");
      reply(error);
      record(`gap:${method} ${path}`, error.status, "anonymous", { errorCode: errorCodeOf(error) });
      return;
    }
    const op = isToken ? TOKEN_OPERATION : match!.operation;
    const handler = isToken ? undefined : handlers[op.id];
    if (!isToken && handler === undefined) {
      // In Okta's spec but not simulated: 501 rather than 404, so no client mistakes it for a
      // deleted resource (a provider read treats 404 as "gone").
      const error = oktaError("E0000052", { causes: [`${op.id} is not simulated`] });
      reply(error);
      record(`gap:${method} ${path}`, error.status, "anonymous", { errorCode: errorCodeOf(error) });
      return;
    }

    const release = limiter.enter();
    if (release === undefined) {
      const error = rateLimited({
        "x-rate-limit-limit": String(limiter.concurrency),
        "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": String(Math.ceil(clock.now() / 1000) + 1),
      });
      reply(error);
      record(op.id, error.status, "anonymous", { bucket: "concurrency", errorCode: "E0000047" });
      return;
    }
    try {
      const fault = faults.take(op.id);
      if (fault !== undefined && (await applyTransportFault(fault, res, clock))) {
        record(op.id, 0, "anonymous", { errorCode: "timeout" in fault ? "timeout" : "drop" });
        return;
      }
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const bucket = bucketOf(op);

      if (isToken) {
        const body = await readBody(req, maxBody);
        const type = header("content-type") ?? "";
        const rate = limiter.take(`token:${tokenCaller(body)}`, bucket);
        if (!rate.allowed) {
          reply(rateLimited(rate.headers));
          record(op.id, 429, "anonymous", { bucket, errorCode: "E0000047" });
          return;
        }
        if (fault !== undefined && "status" in fault) {
          const error = statusFault(fault, rate.headers);
          reply(error, rate.headers);
          record(op.id, error.status, "anonymous", { bucket, errorCode: errorCodeOf(error) });
          return;
        }
        if (!type.startsWith("application/x-www-form-urlencoded")) {
          const error = {
            status: 400,
            body: {
              error: "invalid_request",
              error_description: "The request must use application/x-www-form-urlencoded.",
            },
          };
          reply(error, rate.headers);
          record(op.id, 400, "anonymous", { bucket, errorCode: "invalid_request" });
          return;
        }
        const endpoints = org.orgUrls.map((u) => `${u}/oauth2/v1/token`);
        const outcome = await tokenEndpoint.handle({
          form: new URLSearchParams(body.toString("utf8")),
          ...(header("authorization") === undefined
            ? {}
            : { authorization: header("authorization")! }),
          ...(header("dpop") === undefined ? {} : { dpop: header("dpop")! }),
          endpoints,
        });
        reply(outcome.reply, rate.headers);
        check(op.id, outcome.reply);
        record(op.id, outcome.reply.status, outcome.clientId ?? "anonymous", {
          bucket,
          ...(errorCodeOf(outcome.reply) ? { errorCode: errorCodeOf(outcome.reply)! } : {}),
        });
        return;
      }

      const auth =
        op.scopes.length === 0
          ? ({ ok: true, caller: undefined } as const)
          : await authorize(org, op, {
              ...(header("authorization") === undefined
                ? {}
                : { authorization: header("authorization")! }),
              ...(header("dpop") === undefined ? {} : { dpop: header("dpop")! }),
              method,
              path,
            });
      if (!auth.ok) {
        reply(auth.error);
        record(op.id, auth.error.status, auth.caller ?? "anonymous", {
          ...(auth.missingScope
            ? { scope: auth.missingScope }
            : auth.scope
              ? { scope: auth.scope }
              : {}),
          ...(errorCodeOf(auth.error) ? { errorCode: errorCodeOf(auth.error)! } : {}),
        });
        return;
      }
      const caller = auth.caller ?? ANONYMOUS;
      const scope = "scope" in auth ? auth.scope : undefined;
      const rate = limiter.take(`${caller.kind}:${caller.id}`, bucket);
      const base = { bucket, ...(scope ? { scope } : {}) };
      if (!rate.allowed) {
        reply(rateLimited(rate.headers));
        record(op.id, 429, caller.id, { ...base, errorCode: "E0000047" });
        return;
      }
      if (fault !== undefined && "status" in fault) {
        const error = statusFault(fault, rate.headers);
        reply(error, rate.headers);
        record(op.id, error.status, caller.id, { ...base, errorCode: errorCodeOf(error) });
        return;
      }

      let body: unknown;
      if (method === "POST" || method === "PUT" || method === "PATCH") {
        const raw = await readBody(req, maxBody);
        if (raw.length > 0) {
          const type = header("content-type") ?? "";
          if (!/^application\/(merge-patch\+)?json/i.test(type)) {
            const error = oktaError("E0000021");
            reply(error, rate.headers);
            record(op.id, error.status, caller.id, { ...base, errorCode: "E0000021" });
            return;
          }
          try {
            body = JSON.parse(raw.toString("utf8"));
          } catch {
            const error = oktaError("E0000003");
            reply(error, rate.headers);
            record(op.id, error.status, caller.id, { ...base, errorCode: "E0000003" });
            return;
          }
        }
        const expected = requestBodyOf(op.id);
        if (expected !== undefined && !(body === undefined && expected === "optional")) {
          // Okta's reader error for a missing body (E0000003), its validation error otherwise.
          const problems = body === undefined ? undefined : requestProblems(op.id, body);
          const error =
            problems === undefined
              ? oktaError("E0000003")
              : problems.length > 0
                ? validationFailed(problems[0]!.field, problems)
                : undefined;
          if (error !== undefined) {
            reply(error, rate.headers);
            record(op.id, error.status, caller.id, { ...base, errorCode: errorCodeOf(error)! });
            return;
          }
        }
      }
      const result = await handler!({
        org,
        op,
        params: match!.params,
        query: url.searchParams,
        body,
        caller,
      });
      reply(result, rate.headers);
      check(op.id, result);
      const code = errorCodeOf(result);
      record(op.id, result.status, caller.id, { ...base, ...(code ? { errorCode: code } : {}) });
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      const error = tooLarge(err);
      reply(error);
      record(op.id, error.status, "anonymous", { errorCode: "E0000003" });
    } finally {
      release();
    }
  };

  const server = await startServer(handle, {
    ...(options.port === undefined ? {} : { port: options.port }),
    // A handler bug answers Okta's 500 rather than crashing the simulator.
    onError: (res) => sendJson(res, 500, oktaError("E0000009").body),
  });
  const org: Org = {
    url: server.url,
    orgUrls: [...new Set([options.orgUrl?.replace(/\/$/, "") ?? server.url, server.url])],
    state,
    clock,
    behaviours,
    outboundFetch: options.outboundFetch ?? ((input, init) => fetch(input, init)),
    tokens,
    dpop,
  };
  orgRef.org = org;
  const tokenEndpoint = new TokenEndpoint(org);
  baseOrg(org);
  if (options.seed !== undefined) applySeed(org, options.seed);

  return {
    url: server.url,
    recorder,
    faults,
    state,
    clock,
    behaviours,
    responseProblems: problems,
    issueToken({ clientId, scopes, roles }) {
      const synthetic = clientId === undefined;
      return tokens.issue({
        clientId: clientId ?? "sim-deployer",
        scopes: [...scopes],
        ...(roles !== undefined
          ? { roles: [...roles] }
          : synthetic
            ? { roles: ["SUPER_ADMIN"] }
            : {}),
      }).value;
    },
    sswsToken: ({ name, roles }) => issueSswsToken(org, name, roles),
    seed: (seed) => applySeed(org, seed),
    deliverOtp: (otp) => deliverOtp(org, otp),
    consoleServiceApp: (app) => consoleServiceApp(org, app),
    close: () => server.close(),
  };
}

const ANONYMOUS = {
  kind: "oauth",
  id: "anonymous",
  roles: [],
  permissions: [],
  scopes: [],
} as const;

/** (inferred) Okta's front end refuses an oversized body; the shape is its reader error. */
function tooLarge(err: BodyTooLarge): OktaError {
  const error = oktaError("E0000003", { causes: [`request body over ${err.limit} bytes`] });
  return { ...error, status: 413 };
}

/** 429 E0000047 with the bucket's headers (fixtures/okta-api-error-E0000047-rate-limit.json). */
function rateLimited(headers: Record<string, string>): OktaError {
  return oktaError("E0000047", { headers });
}

/** An injected status fault in Okta's error shape for that status. */
function statusFault(fault: FaultKind, headers: Record<string, string>): OktaError {
  const status = "status" in fault ? fault.status : 500;
  if (status === 429) {
    return rateLimited({ ...headers, "x-rate-limit-remaining": "0" });
  }
  const base = oktaError(status === 503 ? "E0000010" : "E0000009");
  return { ...base, status };
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
