// The Moveworks connector. JWT: a service app with the chosen capabilities plus the scopes of
// Moveworks' guide, DPoP off (Moveworks sends no proofs), and the Agent Studio sheet once its
// scopes and roles are granted. API key: the Okta system connector sheet for the shared token.

import * as pulumi from "@pulumi/pulumi";
import type { ServiceAppFactory, ServiceAppLike } from "../deps";
import type { BundleOutput } from "../lift";
import { liftBundle } from "../lift";
import {
  moveworksApiKeyBundle,
  moveworksJwtBundle,
  moveworksManualSteps,
  moveworksServiceApp,
  type MoveworksConfig,
  type MoveworksJwtValues,
} from "./sheet";
import { MOVEWORKS_APP_NAME } from "./config";
import type { ConnectorContext } from "../sheet";

export interface MoveworksArgs {
  readonly context: ConnectorContext;
  readonly moveworks: MoveworksConfig;
  /** JWT auth: builds the service app. */
  readonly serviceApp?: ServiceAppFactory;
  /** API key auth: the shared token. */
  readonly apiToken?: {
    readonly value: pulumi.Output<string>;
    readonly ready?: pulumi.Output<unknown>;
  };
}

export class Moveworks extends pulumi.ComponentResource {
  readonly bundle: BundleOutput;
  /** JWT only: the service app (exported with the stack's serviceApps for `verify`). */
  readonly app?: ServiceAppLike;

  constructor(name: string, args: MoveworksArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:connectors:Moveworks", name, {}, opts);
    const { context, moveworks } = args;
    const manualSteps = moveworksManualSteps(context, moveworks);

    if (moveworks.auth === "api-key") {
      if (args.apiToken === undefined)
        throw new TypeError("Moveworks: auth api-key needs args.apiToken");
      this.bundle = liftBundle({
        build: (v) => moveworksApiKeyBundle(v, manualSteps),
        values: { environment: context.environment, orgUrl: context.orgUrl },
        secrets: { apiToken: args.apiToken.value },
        shape: { environment: context.environment, orgUrl: context.orgUrl },
        ready: args.apiToken.ready === undefined ? [] : [args.apiToken.ready],
      });
      this.registerOutputs({});
      return;
    }

    if (args.serviceApp === undefined)
      throw new TypeError("Moveworks: auth jwt needs args.serviceApp");
    const app = args.serviceApp(MOVEWORKS_APP_NAME, moveworksServiceApp(context, moveworks), {
      parent: this,
    });
    this.app = app;
    this.bundle = liftBundle<Omit<MoveworksJwtValues, "privateKeyPem">, { privateKeyPem: string }>({
      build: (v) => moveworksJwtBundle(v, manualSteps),
      values: {
        environment: context.environment,
        orgUrl: app.orgUrl,
        clientId: app.clientId,
        kid: app.activeKid,
        algorithm: app.algorithm,
        tokenUrl: app.tokenUrl,
        audience: app.audience,
        scopes: app.scopes,
      },
      secrets: { privateKeyPem: app.privateKeyPem },
      shape: {
        environment: context.environment,
        orgUrl: context.orgUrl,
        clientId: "",
        kid: "",
        algorithm: "RS256",
        tokenUrl: "",
        audience: "",
        scopes: [],
      },
      ready: [app.ready],
    });
    this.registerOutputs({ clientId: app.clientId });
  }
}
