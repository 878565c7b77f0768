// The ServiceNow Okta spoke connector. OAuth: the OIDC web app the seed creates by hand (grants,
// redirect URIs, the nine API scopes) and the Configure Connection sheet with its client secret.
// API key: the sheet for the existing token (imported and zone-restricted by the shared piece).

import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { CAPABILITIES } from "../../capabilities";
import type { BundleOutput } from "../lift";
import { liftBundle } from "../lift";
import { serviceNowRedirectUri } from "../servicenow";
import type { ConnectorContext } from "../sheet";
import { SPOKE_APP_NAME } from "./config";
import {
  servicenowSpokeApiKeyBundle,
  servicenowSpokeManualSteps,
  servicenowSpokeOAuthBundle,
  spokeAppLabel,
  type SpokeConfig,
} from "./sheet";

/** The seed's "Grant type" choices on the web app (Implicit (Hybrid) with both token kinds). */
export const SPOKE_GRANT_TYPES = ["authorization_code", "refresh_token", "implicit"] as const;
/**
 * Response types those grants need: `code` for authorization_code; `id_token` and `token` for
 * "Allow ID Token / access token with implicit grant type". (Pulumi's docs render `id_token` as
 * `idToken`; the provider validates the API's spelling, id_token.)
 */
export const SPOKE_RESPONSE_TYPES = ["code", "token", "id_token"] as const;

export interface ServicenowSpokeArgs {
  readonly context: ConnectorContext;
  readonly spoke: SpokeConfig;
  /** API key auth only: the token (a secret), ready once any import is done. */
  readonly apiToken?: {
    readonly value: pulumi.Output<string>;
    readonly ready?: pulumi.Output<unknown>;
  };
  /** Protect the web app from deletion (ServiceNow would lose its client). @default false */
  readonly protect?: boolean;
}

export class ServicenowSpoke extends pulumi.ComponentResource {
  readonly bundle: BundleOutput;
  /** OAuth only: the web app. */
  readonly app?: okta.app.OAuth;

  constructor(name: string, args: ServicenowSpokeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:connectors:ServicenowSpoke", name, {}, opts);
    const { context, spoke } = args;
    const manualSteps = servicenowSpokeManualSteps(context, spoke);

    if (spoke.auth === "api-key") {
      if (args.apiToken === undefined)
        throw new TypeError("ServicenowSpoke: auth api-key needs args.apiToken");
      this.bundle = liftBundle({
        build: (v) => servicenowSpokeApiKeyBundle(v, manualSteps),
        values: { orgUrl: context.orgUrl },
        secrets: { apiToken: args.apiToken.value },
        shape: { orgUrl: context.orgUrl },
        ready: args.apiToken.ready === undefined ? [] : [args.apiToken.ready],
      });
      this.registerOutputs({});
      return;
    }

    const redirect = serviceNowRedirectUri(spoke.instance);
    // Named after the connector's app key, so policies can tell whose grant this is.
    const app = new okta.app.OAuth(
      SPOKE_APP_NAME,
      {
        label: spokeAppLabel(context),
        type: "web",
        grantTypes: [...SPOKE_GRANT_TYPES],
        responseTypes: [...SPOKE_RESPONSE_TYPES],
        redirectUris: [redirect],
        postLogoutRedirectUris: [redirect],
        // The console's default for a web app ("Client secret"); ServiceNow holds the secret.
        tokenEndpointAuthMethod: "client_secret_basic",
        // Okta gives every new app except API service apps the org's default authentication
        // policy itself (help.okta.com, "Assign apps to an app sign-in policy"), which is what
        // the seed's console flow leaves. Without this the provider would assign that same
        // default on create and on every update: a policy list (okta.policies.read) and an
        // assignment each time, and a half-made app for a deployer lacking that scope.
        skipAuthenticationPolicy: true,
      },
      { parent: this, protect: args.protect ?? false },
    );
    const grant = new okta.AppOauthApiScope(
      `${SPOKE_APP_NAME}-scopes`,
      {
        appId: app.id,
        issuer: context.orgUrl,
        scopes: [...CAPABILITIES["servicenow-spoke"].scopes],
      },
      { parent: this },
    );
    this.app = app;
    this.bundle = liftBundle({
      build: (v) => servicenowSpokeOAuthBundle(v, manualSteps),
      values: { orgUrl: context.orgUrl, instance: spoke.instance, clientId: app.clientId },
      // The provider marks clientSecret secret, but mocks do not apply that; lift marks it anyway.
      secrets: { clientSecret: app.clientSecret },
      shape: { orgUrl: context.orgUrl, instance: spoke.instance, clientId: "" },
      ready: [grant.id],
    });
    this.registerOutputs({ clientId: app.clientId });
  }
}
