// The Okta simulator as the org behind the CLI's token tests: each test client is an API
// Services app with its public JWK, its scopes granted, and DPoP required or not.
import type { JWK } from "jose" with { "resolution-mode": "import" };
import { startOktaSim, type OktaSim, type OktaSimOptions } from "../../../sim/okta";

export interface TestClient {
  readonly clientId: string;
  readonly publicJwk: JWK;
  /** Space-separated scopes granted to the app. */
  readonly scope: string;
  /** "Require DPoP header in token requests". */
  readonly requireDpop?: boolean;
}

export interface TestOrg {
  /** http://127.0.0.1:<port>: the org URL. */
  readonly origin: string;
  readonly tokenUrl: string;
  readonly sim: OktaSim;
  close(): Promise<void>;
}

export async function startTestOrg(
  clients: readonly TestClient[],
  options: OktaSimOptions = {},
): Promise<TestOrg> {
  const sim = await startOktaSim(options);
  for (const c of clients) {
    sim.seed({
      apps: [
        {
          id: c.clientId,
          name: "oidc_client",
          label: c.clientId,
          signOnMode: "OPENID_CONNECT",
          credentials: {
            oauthClient: { client_id: c.clientId, token_endpoint_auth_method: "private_key_jwt" },
          },
          settings: {
            oauthClient: {
              application_type: "service",
              grant_types: ["client_credentials"],
              response_types: ["token"],
              dpop_bound_access_tokens: c.requireDpop ?? false,
              jwks: { keys: [c.publicJwk] },
            },
          },
        },
      ],
      grants: {
        [c.clientId]: c.scope.split(" ").map((scopeId) => ({ issuer: sim.url, scopeId })),
      },
    });
  }
  return { origin: sim.url, tokenUrl: `${sim.url}/oauth2/v1/token`, sim, close: () => sim.close() };
}
