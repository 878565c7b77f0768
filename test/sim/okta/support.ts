// Shared pieces of the Okta simulator's tests: a service app seeded with a key, scopes and admin
// roles; Okta's Node SDK pointed at the simulator; a loopback hook receiver; raw calls.
import { Client } from "@okta/okta-sdk-nodejs";
import type { IncomingMessage } from "node:http";
import { readBody, sendJson, startServer, type RunningServer } from "../../../sim/shared/server";
import type { OktaSim } from "../../../sim/okta";
import type { GeneratedKey } from "../../cli/support/serviceAppKeys";

export { generateRs256Key, type GeneratedKey } from "../../cli/support/serviceAppKeys";

export interface ServiceAppSpec {
  readonly clientId: string;
  readonly key: GeneratedKey;
  readonly scopes: readonly string[];
  /** Standard admin roles assigned to the client. @default ["SUPER_ADMIN"] */
  readonly roles?: readonly string[];
  readonly dpop?: boolean;
}

/** Seeds an API Services app with the key's public JWK, its grants and its role assignments. */
export function addServiceApp(sim: OktaSim, spec: ServiceAppSpec): void {
  sim.seed({
    apps: [
      {
        id: spec.clientId,
        name: "oidc_client",
        label: `test ${spec.clientId}`,
        status: "ACTIVE",
        signOnMode: "OPENID_CONNECT",
        credentials: {
          oauthClient: { client_id: spec.clientId, token_endpoint_auth_method: "private_key_jwt" },
        },
        settings: {
          oauthClient: {
            application_type: "service",
            grant_types: ["client_credentials"],
            response_types: ["token"],
            dpop_bound_access_tokens: spec.dpop ?? false,
            jwks: { keys: [spec.key.publicJwk] },
          },
        },
      },
    ],
    grants: {
      [spec.clientId]: spec.scopes.map((scopeId) => ({ issuer: sim.url, scopeId })),
    },
    clientRoles: { [spec.clientId]: (spec.roles ?? ["SUPER_ADMIN"]).map((type) => ({ type })) },
  });
}

/** Okta's Node SDK in PrivateKey mode, as a connector uses it; no cache, no retries. */
export function sdkClient(sim: OktaSim, spec: ServiceAppSpec): Client {
  return new Client({
    orgUrl: sim.url,
    authorizationMode: "PrivateKey",
    clientId: spec.clientId,
    scopes: [...spec.scopes],
    privateKey: spec.key.privateKeyPem,
    keyId: spec.key.kid,
    cacheMiddleware: null,
    maxRetries: 0,
  } as ConstructorParameters<typeof Client>[0]);
}

export interface SeenHookRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** A loopback hook receiver; `answer` decides each reply. */
export async function hookReceiver(
  answer: (req: SeenHookRequest) => { status: number; body?: unknown },
): Promise<RunningServer & { readonly seen: SeenHookRequest[] }> {
  const seen: SeenHookRequest[] = [];
  const server = await startServer(
    async (req, res) => {
      const body = (await readBody(req, 1 << 20)).toString("utf8");
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      seen.push(request);
      const reply = answer(request);
      sendJson(res, reply.status, reply.body);
    },
    { onError: (res) => sendJson(res, 500, {}) },
  );
  return Object.assign(server, { seen });
}

/** A raw JSON call to the simulator, for what the SDK cannot send (bad input, wrong schemes). */
export async function call(
  sim: OktaSim,
  method: string,
  path: string,
  options: { token?: string; ssws?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.ssws !== undefined) headers.authorization = `SSWS ${options.ssws}`;
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text === "" ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}

/** A full API Services app body as the Okta provider sends it (PROVIDERS.md okta.app.OAuth). */
export function serviceAppBody(
  label: string,
  jwk: Record<string, unknown>,
): Record<string, unknown> {
  return {
    name: "oidc_client",
    label,
    signOnMode: "OPENID_CONNECT",
    credentials: {
      oauthClient: { token_endpoint_auth_method: "private_key_jwt", autoKeyRotation: true },
    },
    settings: {
      oauthClient: {
        application_type: "service",
        grant_types: ["client_credentials"],
        response_types: ["token"],
        redirect_uris: [],
        jwks: { keys: [jwk] },
      },
    },
  };
}

/**
 * A `createInlineHook` body for a telephony provider hook (the spec's InlineHook: an HTTP channel
 * with a header auth scheme, as the stack's okta.inline.Hook sends it).
 */
export function telephonyHookBody(
  uri: string,
  auth: { readonly key: string; readonly value: string },
  extra: { readonly name?: string; readonly status?: "ACTIVE" | "INACTIVE" } = {},
) {
  return {
    name: extra.name ?? "telephony",
    ...(extra.status === undefined ? {} : { status: extra.status }),
    type: "com.okta.telephony.provider",
    version: "1.0.0",
    channel: {
      type: "HTTP",
      version: "1.0.0",
      config: { uri, method: "POST", headers: [], authScheme: { type: "HEADER", ...auth } },
    },
  };
}
