// A real OAuth 2.0 authorization server (oidc-provider) on 127.0.0.1 with its token endpoint at
// Okta's org path, /oauth2/v1/token, for tests of token requests against genuine validation.
// What it does not prove: Okta's own rules (e.g. exp ≤ 1 h, its error wording) — those are
// pinned with Okta's documented payloads in the unit tests.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import type { JWK } from "jose" with { "resolution-mode": "import" };

/** Scopes the server knows; a requested one that the client lacks is invalid_scope. */
export const KNOWN_SCOPES = ["okta.users.read", "okta.apps.read", "okta.groups.manage"];

export interface TestClient {
  readonly clientId: string;
  readonly publicJwk: JWK;
  /** Space-separated allow-list, like scopes granted to an Okta app. */
  readonly scope: string;
  /** Like Okta's "Require DPoP header in token requests". */
  readonly requireDpop?: boolean;
}

export interface TestServerOptions {
  readonly clients: readonly TestClient[];
  /** DPoP handling; off unless given, because oidc-provider enables it by default. */
  readonly dpop?: {
    /** JWS algorithms accepted in proofs. @default ["ES256"] */
    readonly algorithms?: readonly string[];
    /** Answer a proof without nonce with 400 use_dpop_nonce, as Okta does. */
    readonly requireNonce?: boolean;
  };
  /** Narrow every token to these scopes (a resource server), to produce granted ≠ requested. */
  readonly resourceScope?: string;
}

export interface TestServer {
  /** http://127.0.0.1:<port>: the "org URL". */
  readonly origin: string;
  readonly tokenUrl: string;
  /** Why the server refused grants (it hides reasons behind "client authentication failed"). */
  readonly grantErrors: string[];
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const { default: Provider } = await import("oidc-provider");
  const { exportJWK, generateKeyPair } = await import("jose");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The provider's own signing key (unused for opaque tokens, but it warns without one).
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), alg: "ES256", use: "sig" };

  const { dpop, resourceScope } = options;
  const provider = new Provider(origin, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      token_endpoint_auth_method: "private_key_jwt",
      jwks: { keys: [c.publicJwk] },
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
      scope: c.scope,
      // The provider signs ID tokens only with its own ES256 key; no ID token is issued here.
      id_token_signed_response_alg: "ES256",
      ...(c.requireDpop ? { dpop_bound_access_tokens: true } : {}),
    })),
    clientAuthMethods: ["private_key_jwt"],
    routes: { token: "/oauth2/v1/token" },
    scopes: KNOWN_SCOPES,
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    ttl: { ClientCredentials: 3600 },
    enabledJWA: {
      clientAuthSigningAlgValues: ["RS256", "ES256"],
      dPoPSigningAlgValues: [...(dpop?.algorithms ?? ["ES256"])],
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      dPoP: dpop
        ? { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => !!dpop.requireNonce }
        : { enabled: false },
      ...(resourceScope
        ? {
            resourceIndicators: {
              enabled: true,
              defaultResource: () => "urn:test:okta-api",
              useGrantedResource: () => true,
              getResourceServerInfo: () => ({
                scope: resourceScope,
                accessTokenFormat: "opaque",
                accessTokenTTL: 3600,
              }),
            },
          }
        : {}),
    },
  });
  const grantErrors: string[] = [];
  provider.on("grant.error", (_ctx, error) => {
    grantErrors.push(`${error.error}: ${error.error_detail ?? error.error_description ?? ""}`);
  });
  server.on("request", provider.callback());

  return {
    origin,
    tokenUrl: `${origin}/oauth2/v1/token`,
    grantErrors,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
