// Okta Verify push, enabled org-wide the way the org's engine models it: the okta_verify
// authenticator on Identity Engine, the okta_push factor on Classic. One per org.

import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";

export interface OktaVerifyPushArgs {
  /** Which engine the org runs (`okta.engine` in stack config). */
  readonly engine: "oie" | "classic";
  /**
   * OIE only: the okta_verify authenticator's settings, org-wide. They must be the whole object
   * as `GET /api/v1/authenticators/{id}` returns it for this org (`appInstanceId` included): the
   * provider adopts the existing authenticator without writing settings, then compares Okta's
   * whole settings object with these, so a partial object would show a change on every preview
   * (terraform-provider-okta resource_okta_authenticator.go).
   * @default unmanaged: the org keeps its own settings (Okta's defaults when Okta Verify is on)
   */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export class OktaVerifyPush extends pulumi.ComponentResource {
  /** The authenticator's (OIE) or factor's (Classic) id. */
  readonly id: pulumi.Output<string>;
  /** Resolves once push is active. */
  readonly ready: pulumi.Output<string>;

  constructor(name: string, args: OktaVerifyPushArgs, opts?: pulumi.ComponentResourceOptions) {
    checkWholeSettings(name, args.settings);
    super("oktaplane:index:OktaVerifyPush", name, {}, opts);
    // Deleting either resource deactivates Okta Verify for the whole org (the provider's delete
    // is a deactivation: terraform-provider-okta docs/resources/authenticator.md, factor.md), so
    // removing a connector from a stack must leave it as it is.
    const childOpts = { parent: this, retainOnDelete: true };
    if (args.engine === "oie") {
      const authenticator = new okta.Authenticator(
        `${name}-authenticator`,
        {
          // Okta's key; Pulumi's docs render it `oktaVerify`, but the API value is okta_verify.
          key: "okta_verify",
          name: "Okta Verify",
          status: "ACTIVE",
          ...(args.settings === undefined ? {} : { settings: JSON.stringify(args.settings) }),
        },
        childOpts,
      );
      this.id = authenticator.id;
    } else {
      // Pulumi's docs render the provider id `oktaPush`; the API value is okta_push.
      const factor = new okta.factor.Factor(
        `${name}-factor`,
        { providerId: "okta_push", active: true },
        childOpts,
      );
      this.id = factor.id;
    }
    this.ready = this.id;
    this.registerOutputs({ id: this.id });
  }
}

/**
 * Settings that are not Okta's whole object never converge. Okta answers appInstanceId (the Okta
 * Verify app of the org) in every okta_verify authenticator, so its absence shows a partial one.
 */
function checkWholeSettings(name: string, settings: Readonly<Record<string, unknown>> | undefined) {
  if (settings === undefined || typeof settings["appInstanceId"] === "string") return;
  throw new TypeError(
    `OktaVerifyPush ${name}: settings must be the authenticator's whole settings object as ` +
      "GET /api/v1/authenticators/{id} returns it for this org, appInstanceId included " +
      "(the provider compares whole objects, so a partial one shows a change on every preview); " +
      "leave settings out to keep the org's",
  );
}
