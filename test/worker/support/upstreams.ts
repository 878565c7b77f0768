// The hook receiver's upstreams, played by the simulators: Okta's (the receiver's own API
// Services app with its public key, DPoP as configured, `okta.users.read` granted and the custom
// user-reader role, as the stack's "read-users" capability assigns them) and Twilio Verify's (the
// receiver's account and Verify service). The Worker tests and the Worker benchmark start them.

import type { JWK } from "jose" with { "resolution-mode": "import" };
import { startOktaSim, type OktaSim, type OktaSimOptions } from "../../../sim/okta";
import { startTwilioSim, type TwilioSim, type TwilioSimOptions } from "../../../sim/twilio/index";

export interface UpstreamOptions {
  /** The receiver's client id, also its app id (Okta gives an OIDC app's client the app's id). */
  readonly clientId: string;
  /** The public half of the receiver's key, with its `kid`. */
  readonly publicJwk: JWK & { readonly kid: string };
  /** Whether the app requires DPoP-bound tokens. */
  readonly dpop: boolean;
  readonly accountSid: string;
  readonly authToken: string;
  readonly serviceSid: string;
  readonly okta?: Omit<OktaSimOptions, "seed">;
  readonly twilio?: Omit<TwilioSimOptions, "accountSid" | "authToken" | "serviceSid">;
}

export interface Upstreams {
  readonly okta: OktaSim;
  readonly twilio: TwilioSim;
  close(): Promise<void>;
}

/** The custom role of components/capabilities.ts "read-users": read every user's profile. */
const USER_READER = { id: "cr0userreader0000001", label: "user-reader" };
const ALL_USERS = { id: "iamallusers000000001", label: "all users" };

export async function startUpstreams(options: UpstreamOptions): Promise<Upstreams> {
  const [okta, twilio] = await Promise.all([
    startOktaSim(options.okta),
    startTwilioSim({
      ...options.twilio,
      accountSid: options.accountSid,
      authToken: options.authToken,
      serviceSid: options.serviceSid,
    }),
  ]);
  const { clientId } = options;
  okta.seed({
    apps: [
      {
        id: clientId,
        name: "oidc_client",
        label: "oktaplane hook receiver",
        status: "ACTIVE",
        signOnMode: "OPENID_CONNECT",
        credentials: {
          oauthClient: { client_id: clientId, token_endpoint_auth_method: "private_key_jwt" },
        },
        settings: {
          oauthClient: {
            application_type: "service",
            grant_types: ["client_credentials"],
            response_types: ["token"],
            dpop_bound_access_tokens: options.dpop,
            jwks: { keys: [options.publicJwk] },
          },
        },
      },
    ],
    grants: { [clientId]: [{ issuer: okta.url, scopeId: "okta.users.read" }] },
    customRoles: [{ ...USER_READER, permissions: ["okta.users.read"] }],
    resourceSets: [{ ...ALL_USERS, resources: [`${okta.url}/api/v1/users`] }],
    clientRoles: {
      [clientId]: [{ type: "CUSTOM", role: USER_READER.id, "resource-set": ALL_USERS.id }],
    },
  });
  return {
    okta,
    twilio,
    close: async () => {
      await Promise.all([okta.close(), twilio.close()]);
    },
  };
}
