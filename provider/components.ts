// The components as other Pulumi languages see them: the same components, behind args that cross
// a language boundary (plain values and Inputs; no live objects, no functions). Each wrapper
// registers `oktaplane:index:<Class>`, the token the component package's schema names.
import * as pulumi from "@pulumi/pulumi";
import { AdminRoles } from "../components/adminRoles";
import {
  CAPABILITY_NAMES,
  STANDARD_ROLES,
  type CapabilityName,
  type StandardRole,
} from "../components/capabilities";
import { HookReceiver as HookReceiverComponent } from "../components/hookReceiver";
import { OktaVerifyPush as OktaVerifyPushComponent } from "../components/oktaVerifyPush";
import { ServiceApp as ServiceAppComponent } from "../components/serviceApp";
import { KEY_ALGORITHMS, type KeyAlgorithm } from "../components/serviceAppPlan";

/** Rejects a value outside `allowed`, naming the argument (strings arrive untyped from other languages). */
function oneOf<T extends string>(arg: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new TypeError(`${arg}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
  }
  return value as T;
}

export interface ClientKeyInput {
  /** RS256 or ES256. @default RS256 */
  algorithm?: string;
  /** The key's `kid`. @default its RFC 7638 thumbprint */
  kid?: string;
}

export interface ServiceAppArgs {
  /** Okta org URL, `https://<org>.<baseUrl>`. */
  orgUrl: string;
  /** The app's label in Okta. @default the resource name */
  label?: string;
  /** Capabilities (read-only, software-provisioning, password-mfa-help, read-users, servicenow-spoke, moveworks-scopes, super-admin, org-admin). */
  capabilities: string[];
  /** Confine group-scopable capabilities to these group ids. */
  groups?: string[];
  /** Require DPoP-bound tokens. @default true */
  requireDpop?: boolean;
  /** Signing keys by name; all are published in the app's JWKS. @default one RS256 key, `primary` */
  keys?: Record<string, ClientKeyInput>;
  /** The key handed to connectors. @default the only key */
  activeKey?: string;
  /** Broad roles (SUPER_ADMIN, ORG_ADMIN) this app may hold, by name. */
  allowBroadRoles?: string[];
  /** Label prefix of the custom roles and resource sets this app's capabilities bind. @default the resource name */
  adminRoleLabelPrefix?: string;
  /** Protect the Okta app from deletion. @default false */
  protect?: boolean;
}

/** An Okta API Services app with generated keys, exact scope grants and least-privilege roles. */
export class ServiceApp extends pulumi.ComponentResource {
  /** The app's OAuth client id. */
  public readonly clientId: pulumi.Output<string>;
  /** `kid` of the active key. */
  public readonly activeKid: pulumi.Output<string>;
  /** The org authorization server's token URL (the client assertion's audience). */
  public readonly tokenUrl: pulumi.Output<string>;
  /** Granted scopes, sorted. */
  public readonly scopes: pulumi.Output<string[]>;
  /** Whether tokens are DPoP-bound. */
  public readonly requireDpop: pulumi.Output<boolean>;
  /** SECRET: PKCS#8 PEM of the active private key. */
  public readonly privateKeyPem: pulumi.Output<string>;

  constructor(name: string, args: ServiceAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:index:ServiceApp", name, {}, opts);
    const capabilities = args.capabilities.map((c, i) =>
      oneOf<CapabilityName>(`capabilities[${i}]`, c, CAPABILITY_NAMES),
    );
    const allowBroadRoles = (args.allowBroadRoles ?? []).map((r, i) =>
      oneOf<StandardRole>(`allowBroadRoles[${i}]`, r, STANDARD_ROLES),
    );
    const keys =
      args.keys === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(args.keys).map(([keyName, k]) => [
              keyName,
              {
                ...(k.algorithm === undefined
                  ? {}
                  : {
                      algorithm: oneOf<KeyAlgorithm>(
                        `keys.${keyName}.algorithm`,
                        k.algorithm,
                        KEY_ALGORITHMS,
                      ),
                    }),
                ...(k.kid === undefined ? {} : { kid: k.kid }),
              },
            ]),
          );
    // In TypeScript a stack shares one AdminRoles across apps; across languages each app owns its
    // own (labels prefixed so two apps' roles never collide).
    const adminRoles = new AdminRoles(
      `${name}-roles`,
      { orgUrl: args.orgUrl, labelPrefix: args.adminRoleLabelPrefix ?? name },
      { parent: this },
    );
    const app = new ServiceAppComponent(
      name,
      {
        orgUrl: args.orgUrl,
        ...(args.label === undefined ? {} : { label: args.label }),
        capabilities,
        ...(args.groups === undefined ? {} : { groups: args.groups }),
        ...(args.requireDpop === undefined ? {} : { requireDpop: args.requireDpop }),
        ...(keys === undefined ? {} : { keys }),
        ...(args.activeKey === undefined ? {} : { activeKey: args.activeKey }),
        allowBroadRoles,
        adminRoles,
        ...(args.protect === undefined ? {} : { protect: args.protect }),
      },
      { parent: this },
    );
    const out = app.stackOutput;
    this.clientId = out.clientId;
    this.activeKid = out.activeKid;
    this.tokenUrl = out.tokenUrl;
    this.scopes = out.scopes.apply((s) => [...s]);
    this.requireDpop = out.requireDpop;
    this.privateKeyPem = pulumi.secret(out.privateKeyPem);
    this.registerOutputs({
      clientId: this.clientId,
      activeKid: this.activeKid,
      tokenUrl: this.tokenUrl,
      scopes: this.scopes,
      requireDpop: this.requireDpop,
      privateKeyPem: this.privateKeyPem,
    });
  }
}

export interface CustomDomainInput {
  /** Cloudflare zone id of the hostname. */
  zoneId: string;
  /** The receiver's hostname, e.g. `hooks.example.com`. */
  hostname: string;
}

export interface ReceiverOktaInput {
  /** Okta org URL, `https://<org>.okta.com`. */
  orgUrl: pulumi.Input<string>;
  /** Client id of the receiver's own service app (capability read-users). */
  clientId: pulumi.Input<string>;
  /** SECRET: PKCS#8 PEM of that app's active key. */
  privateKeyPem: pulumi.Input<string>;
  /** `kid` of that key. */
  kid: pulumi.Input<string>;
  /** Whether that app requires DPoP-bound tokens. */
  requireDpop: pulumi.Input<boolean>;
}

export interface ReceiverTwilioInput {
  /** AC… */
  accountSid: pulumi.Input<string>;
  /** VA…, with custom code enabled. */
  verifyServiceSid: pulumi.Input<string>;
  /** SECRET: the account's auth token. */
  authToken: pulumi.Input<string>;
}

export interface HookReceiverArgs {
  /** Cloudflare account the Worker is deployed to. */
  cloudflareAccountId: string;
  /** Serve on `<worker>.<subdomain>.workers.dev` (exactly one of this or customDomain). */
  workersDevSubdomain?: string;
  /** Serve on a custom domain (exactly one of this or workersDevSubdomain). */
  customDomain?: CustomDomainInput;
  /** Worker script name. @default `<project>-<stack>-hooks` */
  workerName?: string;
  /** Workers runtime compatibility date, pinned (YYYY-MM-DD). */
  compatibilityDate: string;
  okta: ReceiverOktaInput;
  twilio: ReceiverTwilioInput;
  /** Region for phone numbers without a country code (ISO 3166 alpha-2). @default US */
  phoneDefaultRegion?: string;
}

/** The Cloudflare Worker that receives Okta's event and telephony hooks, with generated secrets. */
export class HookReceiver extends pulumi.ComponentResource {
  /** The event hook URL. */
  public readonly eventsUrl: pulumi.Output<string>;
  /** The telephony inline hook URL. */
  public readonly telephonyUrl: pulumi.Output<string>;
  /** Header Okta sends the event hook secret in. */
  public readonly eventHookAuthHeader: pulumi.Output<string>;
  /** SECRET: the event hook's header value. */
  public readonly eventHookSecret: pulumi.Output<string>;
  /** Header Okta sends the telephony hook secret in. */
  public readonly telephonyAuthHeader: pulumi.Output<string>;
  /** SECRET: the telephony hook's header value. */
  public readonly telephonySecret: pulumi.Output<string>;

  constructor(name: string, args: HookReceiverArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:index:HookReceiver", name, {}, opts);
    const receiver = new HookReceiverComponent(name, args, { parent: this });
    this.eventsUrl = receiver.eventsUrl;
    this.telephonyUrl = receiver.telephonyUrl;
    this.eventHookAuthHeader = receiver.eventHookAuthHeader;
    this.eventHookSecret = pulumi.secret(receiver.eventHookSecret);
    this.telephonyAuthHeader = receiver.telephonyAuthHeader;
    this.telephonySecret = pulumi.secret(receiver.telephonySecret);
    this.registerOutputs({
      eventsUrl: this.eventsUrl,
      telephonyUrl: this.telephonyUrl,
      eventHookAuthHeader: this.eventHookAuthHeader,
      eventHookSecret: this.eventHookSecret,
      telephonyAuthHeader: this.telephonyAuthHeader,
      telephonySecret: this.telephonySecret,
    });
  }
}

export interface OktaVerifyPushArgs {
  /** The org's engine: oie or classic. */
  engine: string;
}

/** Okta Verify push turned on (OIE authenticator or Classic factor), as the voice agent needs. */
export class OktaVerifyPush extends pulumi.ComponentResource {
  constructor(name: string, args: OktaVerifyPushArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:index:OktaVerifyPush", name, {}, opts);
    new OktaVerifyPushComponent(
      name,
      { engine: oneOf("engine", args.engine, ["oie", "classic"] as const) },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
