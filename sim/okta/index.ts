// The Okta simulator: Okta's Management API and the org authorization server's token endpoint on
// 127.0.0.1, in memory, every request matched to an operation of Okta's spec, authorized by its
// scope, counted against its rate-limit bucket, its body checked against the spec's schema, and
// recorded. Unknown operations are recorded as gaps, never silently answered.
import { simClock, type SimClock } from "../shared/clock";
import { FaultPlan } from "../shared/faults";
import { Recorder } from "../shared/recorder";
import { sendJson, startServer, type Handler } from "../shared/server";
import { AccessTokens } from "./accessTokens";
import { consoleServiceApp } from "./apps";
import { DpopVerifier } from "./dpopProof";
import { oktaError } from "./errors";
import { deliverOtp, type OtpDelivery, type OtpRequest } from "./inlineHooks";
import {
  DEFAULT_BEHAVIOURS,
  type Behaviours,
  type FetchLike,
  type Org,
  type UserDirectory,
} from "./org";
import { RateLimiter, type RateLimitOptions } from "./rateLimits";
import { requestHandler } from "./router";
import { applySeed, baseOrg, issueSswsToken, type OrgSeed } from "./seed";
import { OrgState, type OktaObject } from "./state";
import { TokenEndpoint } from "./tokenEndpoint";
import { responseProblems, type SchemaProblem } from "./validate";

export type { Behaviours, UserDirectory } from "./org";
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
  /** Users beyond the seeded ones, built on each read (a benchmark's population). */
  readonly directory?: UserDirectory;
  /** Recent calls the recorder keeps (its totals stay exact). @default DEFAULT_KEEP (10,000) */
  readonly recorderKeep?: number;
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
  /**
   * Revokes every access token of a client, as an admin revoking them, or deactivating the app,
   * does (Apps API: deactivation "stops all sign-ons"); the client's next call is 401 E0000011.
   */
  revokeTokens(clientId: string): void;
  /** The live access tokens of a client. SECRET: for tests that check none leaks. */
  accessTokensOf(clientId: string): string[];
  /** Adds objects to the org (same shape as `options.seed`). */
  seed(seed: OrgSeed): void;
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function startOktaSim(options: OktaSimOptions = {}): Promise<OktaSim> {
  const clock = options.clock ?? simClock();
  const behaviours: Behaviours = { ...DEFAULT_BEHAVIOURS, ...options.behaviours };
  const recorder = new Recorder(
    options.recorderKeep === undefined ? {} : { keep: options.recorderKeep },
  );
  const faults = new FaultPlan();
  const state = new OrgState();
  const limiter = new RateLimiter(clock, options.rateLimits);
  const tokens = new AccessTokens(clock);
  const dpop = new DpopVerifier(clock);
  const problems: ResponseProblem[] = [];
  const pipeline: { handle?: Handler } = {};
  const server = await startServer((req, res) => pipeline.handle!(req, res), {
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
    ...(options.directory === undefined ? {} : { directory: options.directory }),
  };
  pipeline.handle = requestHandler({
    org,
    recorder,
    faults,
    limiter,
    tokenEndpoint: new TokenEndpoint(org),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_BODY_LIMIT,
    onAnswer: (operation, reply) => {
      if (!options.checkResponses || reply.status < 200 || reply.status >= 300) return;
      const found = responseProblems(operation, reply.status, reply.body);
      if (found.length > 0) problems.push({ operation, status: reply.status, problems: found });
    },
  });
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
    revokeTokens: (clientId) => tokens.revokeClient(clientId),
    accessTokensOf: (clientId) => tokens.valuesOf(clientId),
    seed: (seed) => applySeed(org, seed),
    deliverOtp: (otp) => deliverOtp(org, otp),
    consoleServiceApp: (app) => consoleServiceApp(org, app),
    close: () => server.close(),
  };
}
