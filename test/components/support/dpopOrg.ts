// An Okta org for the DPoP setting's tests, on the Okta simulator (sim/okta): one API Services app
// as GET /api/v1/apps/{id} returns it, an SSWS token of a super admin, optionally the deploying
// service app (private_key_jwt, its granted scopes and admin roles), and a record of every HTTP
// request the code under test sends (globalThis.fetch, which the serialized provider uses too).

import type { AppDpopState } from "../../../components/appDpop";
import type { SimClock } from "../../../sim/shared/clock";
import { startOktaSim, type Behaviours, type OktaSim } from "../../../sim/okta";
import {
  addServiceApp,
  generateRs256Key,
  serviceAppBody,
  type GeneratedKey,
} from "../../sim/okta/support";

export const APP = "0oa1gjh63g214q0Hq0g4";
export const DEPLOYER = "0oadeployer000000001";

/** The DPoP setting's inputs for APP in `orgUrl`, as the ServiceApp component declares them. */
export const dpopInputs = (orgUrl: string, over: Partial<AppDpopState> = {}): AppDpopState => ({
  kind: "okta-app-dpop",
  orgUrl,
  appId: APP,
  requireDpop: false,
  appRevision: "rev-1",
  throttle: { maxRetries: 2, minWaitSeconds: 0, maxWaitSeconds: 1, requestTimeout: 10 },
  ...over,
});

/** An API Services app as Okta stores it (fields from Okta's Apps API). */
export function serviceAppObject(id: string, dpop: boolean): Record<string, unknown> {
  return {
    id,
    name: "oidc_client",
    label: "oktaplane dev reporting",
    status: "ACTIVE",
    signOnMode: "OPENID_CONNECT",
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: {} },
    credentials: {
      userNameTemplate: { template: "${source.login}", type: "BUILT_IN" },
      signing: { kid: "okta-signing-kid" },
      oauthClient: {
        autoKeyRotation: true,
        client_id: id,
        token_endpoint_auth_method: "private_key_jwt",
        pkce_required: false,
      },
    },
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: "DISABLED" } } },
      manualProvisioning: false,
      implicitAssignment: false,
      notes: { admin: null, enduser: null },
      oauthClient: {
        redirect_uris: [],
        response_types: ["token"],
        grant_types: ["client_credentials"],
        application_type: "service",
        consent_method: "TRUSTED",
        issuer_mode: "ORG_URL",
        wildcard_redirect: "DISABLED",
        dpop_bound_access_tokens: dpop,
        jwks: { keys: [{ kty: "RSA", kid: "k1", e: "AQAB", n: "abc", status: "ACTIVE" }] },
        // A field this repo's code does not know about must survive a write.
        participate_slo: false,
      },
    },
  };
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface DpopOrg {
  readonly sim: OktaSim;
  readonly url: string;
  /** SECRET: an API token of a super admin (OKTA_API_TOKEN). */
  readonly ssws: string;
  /** Every request sent through globalThis.fetch since start (or the last `forget`). */
  readonly requests: SeenRequest[];
  /** The app's stored flag, as Okta has it. */
  flag(appId?: string): unknown;
  /** PUT the app as the Okta provider's update does: whole, without a DPoP flag (stored false). */
  rewriteAsTheProviderDoes(appId?: string): Promise<void>;
  /** Deploying-app environment (OAuth for Okta) with OKTA_API_SCOPES = `scopes`. */
  deployerEnv(scopes: string): Record<string, string>;
  /** The deploying app's key (SECRET) and kid, as `credentialsFromEnv` would read them. */
  readonly deployerKey: GeneratedKey;
  forget(): void;
  close(): Promise<void>;
}

export interface DpopOrgOptions {
  /** The app's flag at start; no app when undefined. */
  readonly dpop?: boolean;
  readonly behaviours?: Partial<Behaviours>;
  /** @default real time */
  readonly clock?: SimClock;
  /** The deploying service app: its granted scopes, admin roles and whether it requires DPoP. */
  readonly deployer?: {
    readonly scopes: readonly string[];
    readonly roles?: readonly string[];
    readonly dpop?: boolean;
  };
}

let deployerKey: Promise<GeneratedKey> | undefined;

export async function startDpopOrg(options: DpopOrgOptions = {}): Promise<DpopOrg> {
  const sim = await startOktaSim({
    ...(options.behaviours ? { behaviours: options.behaviours } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    // The tests drive 429s with faults; the buckets stay out of the way.
    rateLimits: { enabled: false },
  });
  if (options.dpop !== undefined) sim.seed({ apps: [serviceAppObject(APP, options.dpop)] });
  const ssws = sim.sswsToken({ name: "super admin", roles: ["SUPER_ADMIN"] });
  deployerKey ??= generateRs256Key();
  const key = await deployerKey;
  if (options.deployer) {
    addServiceApp(sim, {
      clientId: DEPLOYER,
      key,
      scopes: options.deployer.scopes,
      roles: options.deployer.roles ?? ["SUPER_ADMIN"],
      dpop: options.deployer.dpop ?? false,
    });
  }

  const requests: SeenRequest[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin === sim.url) {
      requests.push({
        method: init?.method ?? "GET",
        path: url.pathname,
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        body: typeof init?.body === "string" ? init.body : "",
      });
    }
    return realFetch(input, init);
  };

  const stored = (appId: string) =>
    sim.state.apps.get(appId)?.["settings"] as { oauthClient?: Record<string, unknown> };
  return {
    sim,
    url: sim.url,
    ssws,
    requests,
    flag: (appId = APP) => stored(appId)?.oauthClient?.["dpop_bound_access_tokens"],
    async rewriteAsTheProviderDoes(appId = APP) {
      const app = serviceAppBody("oktaplane dev reporting", {
        kty: "RSA",
        kid: "k1",
        e: "AQAB",
        n: "abc",
      });
      const res = await realFetch(`${sim.url}/api/v1/apps/${appId}`, {
        method: "PUT",
        headers: { authorization: `SSWS ${ssws}`, "content-type": "application/json" },
        body: JSON.stringify(app),
      });
      if (res.status !== 200) throw new Error(`PUT app: HTTP ${res.status} ${await res.text()}`);
    },
    deployerEnv: (scopes) => ({
      OKTA_API_TOKEN: "",
      OKTA_API_CLIENT_ID: DEPLOYER,
      OKTA_API_PRIVATE_KEY: key.privateKeyPem,
      OKTA_API_PRIVATE_KEY_ID: key.kid,
      OKTA_API_SCOPES: scopes,
    }),
    deployerKey: key,
    forget: () => void requests.splice(0),
    async close() {
      globalThis.fetch = realFetch;
      await sim.close();
    },
  };
}

/** Runs `run` with `vars` set in process.env (the provider reads its credential there). */
export async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = { ...saved, ...vars };
  try {
    return await run();
  } finally {
    process.env = saved;
  }
}
