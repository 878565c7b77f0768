// Bring-your-own telephony for Okta: the telephony inline hook (com.okta.telephony.provider)
// pointing at the hook receiver with HEADER auth, and optionally Okta's phone authenticator.
// Okta's console-only "Telephony Providers" page (Twilio credentials stored by Okta) has no API;
// the inline hook is the declarative form of BYOT.
// https://developer.okta.com/docs/guides/telephony-inline-hook/

import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { HookError } from "./hookErrors";
import { hookDisplayName } from "./hookNames";
import type { HookTarget } from "./hookTarget";

export const TELEPHONY_HOOK_TYPE = "com.okta.telephony.provider";
/** Version of the inline hook contract and of its channel. */
export const TELEPHONY_HOOK_VERSION = "1.0.0";
export const PHONE_AUTHENTICATOR_KEY = "phone_number";
/** Okta's AllowedForEnum for the phone authenticator. */
export const PHONE_ALLOWED_FOR = ["any", "recovery", "sso", "none"] as const;

/**
 * Okta's phone authenticator (Identity Engine only). Its SMS and voice methods are switched in the
 * Admin Console or the Authenticators API: the provider has no resource for them.
 */
export interface PhoneAuthenticatorArgs {
  /** What the phone may be used for: sign-in (`sso`), `recovery`, both (`any`) or `none`. */
  readonly allowedFor: (typeof PHONE_ALLOWED_FOR)[number];
  /** @default "ACTIVE" */
  readonly status?: "ACTIVE" | "INACTIVE";
}

export interface TelephonyProviderArgs {
  /** Where Okta sends OTPs and the header it authenticates with: `HookReceiver.telephonyTarget`. */
  readonly target: HookTarget;
  /** Okta display name. @default `<project>-<stack>-<name>` */
  readonly displayName?: string;
  /** One ACTIVE telephony hook per org (see checkTelephonyHooks). @default "ACTIVE" */
  readonly status?: "ACTIVE" | "INACTIVE";
  /**
   * Manage the org-wide phone authenticator. Creating it adopts the existing one; destroying the
   * stack leaves it as it is (retainOnDelete). @default undefined: not managed by this stack
   */
  readonly phoneAuthenticator?: PhoneAuthenticatorArgs;
}

export class TelephonyProvider extends pulumi.ComponentResource {
  readonly hook: okta.inline.Hook;
  readonly phoneAuthenticator: okta.Authenticator | undefined;

  constructor(name: string, args: TelephonyProviderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:hooks:TelephonyProvider", name, {}, opts);

    const phone = args.phoneAuthenticator;
    if (phone !== undefined && !PHONE_ALLOWED_FOR.includes(phone.allowedFor)) {
      throw new HookError(
        "argument_invalid",
        `phoneAuthenticator.allowedFor: got ${JSON.stringify(phone.allowedFor)}; allowed: ${PHONE_ALLOWED_FOR.join(", ")}`,
      );
    }
    const displayName = hookDisplayName(
      pulumi.getProject(),
      pulumi.getStack(),
      name,
      args.displayName,
    );

    this.hook = new okta.inline.Hook(
      `${name}-hook`,
      {
        name: displayName,
        type: TELEPHONY_HOOK_TYPE,
        version: TELEPHONY_HOOK_VERSION,
        status: args.status ?? "ACTIVE",
        channel: {
          type: "HTTP",
          version: TELEPHONY_HOOK_VERSION,
          uri: args.target.uri,
          method: "POST",
        },
        // The provider does not mark `auth` secret; the value must never reach state in clear.
        auth: {
          type: "HEADER",
          key: args.target.authHeader,
          value: pulumi.secret(args.target.secret),
        },
      },
      // Okta does not call an inline hook on creation, but an ACTIVE hook with no receiver makes
      // every OTP fall back to Okta's own, heavily rate-limited, providers.
      { parent: this, dependsOn: [...(args.target.dependsOn ?? [])] },
    );

    this.phoneAuthenticator =
      phone === undefined
        ? undefined
        : new okta.Authenticator(
            `${name}-phone`,
            {
              key: PHONE_AUTHENTICATOR_KEY,
              name: "Phone",
              status: phone.status ?? "ACTIVE",
              settings: JSON.stringify({ allowedFor: phone.allowedFor }),
            },
            {
              parent: this,
              // Phone MFA starts only once the hook that delivers its OTPs is in place.
              dependsOn: [this.hook],
              // Deleting deactivates phone MFA for the whole org (and fails while a policy uses it).
              retainOnDelete: true,
            },
          );
    this.registerOutputs({ hookId: this.hook.id });
  }
}
