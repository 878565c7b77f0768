// A local stand-in for the parts of Okta the DPoP setting talks to, on 127.0.0.1: GET/PUT
// /api/v1/apps/{id} and /oauth2/v1/token (private_key_jwt, DPoP with nonce), answering errors
// with Okta's documented bodies (test/fixtures/okta). It checks what a client sends as Okta
// would (assertion signature and claims, DPoP proof signature, htm, htu, nonce, ath).

import { createHash, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { operationMatcher } from "../../spec/oktaOperations";

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, "../fixtures/okta", name), "utf8")) as object;
export const FIXTURES = {
  accessDenied: fixture("okta-api-error-E0000006-access-denied.json"),
  notFound: fixture("okta-api-error-E0000007-not-found.json"),
  invalidToken: fixture("okta-api-error-E0000011-invalid-token.json"),
  rateLimit: fixture("okta-api-error-E0000047-rate-limit.json"),
  invalidDpopProof: fixture("okta-token-error-invalid-dpop-proof.json"),
  useDpopNonce: fixture("okta-token-error-use-dpop-nonce.json"),
  invalidClient: fixture("okta-token-error-invalid-client.json"),
  invalidScope: fixture("okta-token-error-invalid-scope.json"),
};

/** An API Services app as GET /api/v1/apps/{id} returns it (fields from Okta's Apps API). */
export function serviceAppObject(id: string, dpop: boolean): Record<string, unknown> {
  return {
    id,
    name: "oidc_client",
    label: "oktaplane dev reporting",
    status: "ACTIVE",
    created: "2026-01-05T10:00:00.000Z",
    lastUpdated: "2026-01-05T10:00:00.000Z",
    signOnMode: "OPENID_CONNECT",
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: {} },
    features: [],
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
    _links: { self: { href: `https://example.okta.com/api/v1/apps/${id}` } },
  };
}

export interface FakeOktaOptions {
  /** Accepted SSWS token. */
  readonly apiToken?: string;
  /** The deploying service app (private_key_jwt). */
  readonly client?: {
    readonly clientId: string;
    readonly publicKey: KeyObject;
    readonly dpop: boolean;
    /** Scopes granted to it; a token request beyond them is invalid_scope. @default any */
    readonly scopes?: readonly string[];
  };
  /** Apps by id. */
  readonly apps?: Record<string, Record<string, unknown>>;
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

export interface FakeOkta {
  readonly url: string;
  readonly apps: Map<string, Record<string, unknown>>;
  readonly requests: SeenRequest[];
  /** Answer the next `count` API requests with 429 and this x-rate-limit-reset (epoch s). */
  rateLimit(count: number, resetEpochSeconds: number): void;
  /** Answer the next `count` API requests with 403 E0000006 (a scope or role the caller lacks). */
  forbid(count: number): void;
  close(): Promise<void>;
}

const NONCE = "8NLZUUhVawx1ns8AjrC4F6j8D2phvaw7";

export async function startFakeOkta(options: FakeOktaOptions): Promise<FakeOkta> {
  const jose = await import("jose");
  const apps = new Map(Object.entries(options.apps ?? {}));
  const requests: SeenRequest[] = [];
  const issued = new Map<string, { type: "Bearer" | "DPoP"; scopes: string[] }>();
  const operations = operationMatcher();
  let limited = { count: 0, reset: 0 };
  let forbidden = 0;
  let url = "";

  const send = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };

  /** A DPoP proof as Okta checks it; returns an OAuth error name, or undefined when valid. */
  async function checkProof(
    proof: string | undefined,
    method: string,
    target: string,
    token?: string,
  ) {
    if (!proof) return "invalid_dpop_proof";
    const header = jose.decodeProtectedHeader(proof);
    if (header.typ !== "dpop+jwt" || !header.jwk) return "invalid_dpop_proof";
    const { payload } = await jose.jwtVerify(proof, await jose.importJWK(header.jwk, header.alg));
    if (payload["htm"] !== method || payload["htu"] !== target || typeof payload.jti !== "string")
      return "invalid_dpop_proof";
    if (token === undefined && payload["nonce"] !== NONCE) return "use_dpop_nonce";
    const ath = createHash("sha256")
      .update(token ?? "")
      .digest("base64url");
    if (token !== undefined && payload["ath"] !== ath) return "invalid_dpop_proof";
    return undefined;
  }

  async function token(req: IncomingMessage, body: string, res: ServerResponse) {
    const form = new URLSearchParams(body);
    const client = options.client;
    const verified = client
      ? await jose
          .jwtVerify(form.get("client_assertion") ?? "", client.publicKey, {
            issuer: client.clientId,
            subject: client.clientId,
            audience: `${url}/oauth2/v1/token`,
            requiredClaims: ["exp", "jti"],
          })
          .catch(() => undefined)
      : undefined;
    if (!client || !verified) return send(res, 401, FIXTURES.invalidClient);
    if (form.get("grant_type") !== "client_credentials")
      return send(res, 400, { error: "invalid_request" });
    const scopes = (form.get("scope") ?? "").split(" ").filter((s) => s !== "");
    if (client.scopes && scopes.some((s) => !client.scopes!.includes(s)))
      return send(res, 400, FIXTURES.invalidScope);
    if (client.dpop) {
      const error = await checkProof(header(req, "dpop"), "POST", `${url}/oauth2/v1/token`);
      if (error === "use_dpop_nonce")
        return send(res, 400, FIXTURES.useDpopNonce, { "dpop-nonce": NONCE });
      if (error) return send(res, 400, FIXTURES.invalidDpopProof);
    }
    const accessToken = `at-${issued.size + 1}`;
    const type = client.dpop ? "DPoP" : "Bearer";
    issued.set(accessToken, { type, scopes });
    send(res, 200, {
      token_type: type,
      expires_in: 3600,
      access_token: accessToken,
      scope: form.get("scope"),
    });
  }

  /** The caller's token: SSWS (an admin, no scopes), an issued OAuth token, or none. */
  async function caller(req: IncomingMessage, method: string, target: string) {
    const auth = header(req, "authorization") ?? "";
    if (options.apiToken && auth === `SSWS ${options.apiToken}`) return { ssws: true, scopes: [] };
    const [scheme, value = ""] = auth.split(" ");
    const token = issued.get(value);
    if (token === undefined || token.type !== scheme) return undefined;
    if (token.type === "DPoP" && (await checkProof(header(req, "dpop"), method, target, value)))
      return undefined;
    return { ssws: false, scopes: token.scopes };
  }

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const pathname = new URL(req.url ?? "/", url).pathname;
      requests.push({ method, path: pathname, headers: req.headers, body });
      void (async () => {
        if (pathname === "/oauth2/v1/token" && method === "POST") return token(req, body, res);
        if (limited.count > 0) {
          limited.count--;
          return send(res, 429, FIXTURES.rateLimit, {
            "x-rate-limit-limit": "100",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": String(limited.reset),
          });
        }
        if (forbidden > 0) {
          forbidden--;
          return send(res, 403, FIXTURES.accessDenied);
        }
        const who = await caller(req, method, `${url}${pathname}`);
        if (who === undefined)
          return send(res, 401, FIXTURES.invalidToken, { "www-authenticate": 'SSWS realm="okta"' });
        // An OAuth token needs the operation's scope from Okta's spec (`security`), else E0000006.
        const required = operations.match(method, pathname)?.operation.scopes ?? [];
        if (!who.ssws && !required.some((s) => who.scopes.includes(s)))
          return send(res, 403, FIXTURES.accessDenied);
        const match = /^\/api\/v1\/apps\/([^/]+)$/.exec(pathname);
        const app = match ? apps.get(match[1]!) : undefined;
        if (!match || !app) return send(res, 404, FIXTURES.notFound);
        if (method === "GET") return send(res, 200, app);
        if (method === "PUT") {
          const next = JSON.parse(body) as Record<string, unknown>;
          const stored = {
            ...next,
            _links: app["_links"],
            lastUpdated: "2026-01-06T10:00:00.000Z",
          };
          apps.set(match[1]!, stored);
          return send(res, 200, stored);
        }
        send(res, 405, {});
      })().catch((e: unknown) => send(res, 500, { errorSummary: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apps,
    requests,
    rateLimit(count, reset) {
      limited = { count, reset };
    },
    forbid(count) {
      forbidden = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
