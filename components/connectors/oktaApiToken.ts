// The existing Okta API token that connectors hand out (`oktaplane:oktaApiToken`), imported as an
// okta.ApiToken when its id is known so that it can be confined to a network zone. No API can
// create a token; destroying the resource would revoke it, so it is protected and retained.

import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";

export interface OktaApiTokenArgs {
  /** SECRET: the token's value, from `oktaplane:oktaApiToken`. */
  readonly value: pulumi.Output<string>;
  /** Okta's id of that token (`00T…`). */
  readonly apiTokenId: string;
  /**
   * A network zone (`nzo…`) the token may be used from; every connector that uses the token is
   * then confined to it.
   * @default undefined: usable from anywhere (the token's connection is set to ANYWHERE)
   */
  readonly networkZoneId?: string;
}

export class OktaApiToken extends pulumi.ComponentResource {
  /** SECRET: the token value, resolving once the import (and any restriction) is done. */
  readonly value: pulumi.Output<string>;
  readonly ready: pulumi.Output<string>;

  constructor(name: string, args: OktaApiTokenArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:connectors:OktaApiToken", name, {}, opts);
    // An import only succeeds when the declared inputs match what Okta has (older Pulumi CLIs
    // fail the import on any difference; newer ones import, then update). name, userId and
    // clientName are optional+computed in the provider, but its update sends them from the plan
    // (okta/services/idaas/resource_okta_api_token.go, createTokenUpdate), where an unset one is
    // unknown, i.e. empty: read them from the token itself so an update keeps them.
    const current = okta.getApiTokenOutput({ id: args.apiTokenId }, { parent: this });
    const token = new okta.ApiToken(
      name,
      {
        idProperty: args.apiTokenId,
        name: current.name,
        userId: current.userId,
        clientName: current.clientName,
        // What Okta reports for an unrestricted token; a zone is a deliberate change, applied as
        // an update right after the import (with an older CLI: import first, then add the zone).
        network:
          args.networkZoneId === undefined
            ? { connection: "ANYWHERE" }
            : { connection: "ZONE", includes: [args.networkZoneId] },
      },
      { parent: this, import: args.apiTokenId, protect: true, retainOnDelete: true },
    );
    this.ready = token.id;
    this.value = pulumi.secret(pulumi.all([args.value, token.id]).apply(([value]) => value));
    this.registerOutputs({ ready: this.ready });
  }
}
