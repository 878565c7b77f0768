// Okta Verify push, enabled org-wide the way the org's engine models it: the okta_verify
// authenticator on Identity Engine, the okta_push factor on Classic. One per org.

import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";

export interface OktaVerifyPushArgs {
  /** Which engine the org runs (`okta.engine` in stack config). */
  readonly engine: "oie" | "classic";
  /**
   * OIE only: the okta_verify authenticator's settings. These are org-wide and replace what the
   * org has, so an org with stricter settings passes its own.
   * @default DEFAULT_OKTA_VERIFY_SETTINGS (number challenge for high-risk pushes, user
   * verification preferred, FIPS optional: Okta's own defaults when Okta Verify is turned on)
   */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** Okta's defaults for a newly activated Okta Verify authenticator with push. */
export const DEFAULT_OKTA_VERIFY_SETTINGS = {
  channelBinding: { style: "NUMBER_CHALLENGE", required: "HIGH_RISK_ONLY" },
  compliance: { fips: "OPTIONAL" },
  userVerification: "PREFERRED",
} as const;

export class OktaVerifyPush extends pulumi.ComponentResource {
  /** The authenticator's (OIE) or factor's (Classic) id. */
  readonly id: pulumi.Output<string>;
  /** Resolves once push is active. */
  readonly ready: pulumi.Output<string>;

  constructor(name: string, args: OktaVerifyPushArgs, opts?: pulumi.ComponentResourceOptions) {
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
          settings: JSON.stringify(args.settings ?? DEFAULT_OKTA_VERIFY_SETTINGS),
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
