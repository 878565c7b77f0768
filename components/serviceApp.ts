// ServiceApp: an Okta API Services app (OAuth `service`, client_credentials, private_key_jwt) with
// its keys, exact scope grants, admin roles and DPoP requirement, all from one plan.

import { createHash } from "node:crypto";
import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { RATE_LIMIT_DEFAULTS } from "../config/defaults";
import type { AdminRoles } from "./adminRoles";
import { AppDpopSetting } from "./appDpop";
import type { CapabilityRef, StandardRole } from "./capabilities";
import { ClientKey } from "./clientKey";
import type { OktaJwk } from "./jwk";
import type { Throttle } from "./oktaApi/client";
import type { ServiceAppOutput } from "./outputs";
import type { CustomCapabilities } from "./customCapabilities";
import {
  planServiceApp,
  type ClientKeySpec,
  type RoleAssignmentPlan,
  type ServiceAppPlan,
} from "./serviceAppPlan";

export interface ServiceAppArgs {
  /** Okta org URL, `https://<org>.<baseUrl>`: scope issuer, token URL host, Apps API host. */
  readonly orgUrl: string;
  /** The app's label in Okta (unique per org). @default the component name */
  readonly label?: string;
  /** What the app may do; each maps to exact scopes and roles (components/capabilities.ts). */
  readonly capabilities: readonly CapabilityRef[];
  /**
   * Capabilities of the stack's own, by name, for `capabilities` to list: exact scopes, standard
   * roles, or a custom role over listed resources (components/customCapabilities.ts). @default {}
   */
  readonly customCapabilities?: CustomCapabilities;
  /** Confine group-scopable capabilities to these group ids. @default none */
  readonly groups?: readonly string[];
  /** Require DPoP-bound tokens (Okta's default for new API Services apps). @default true */
  readonly requireDpop?: boolean;
  /** Signing keys by name; all are published in the app's JWKS. @default { primary: RS256 } */
  readonly keys?: Readonly<Record<string, ClientKeySpec>>;
  /** The key handed to connectors. @default the only key (required with several) */
  readonly activeKey?: string;
  /**
   * Public keys published after the stack's own: an adopted app's existing keys, whose private
   * half only its vendor holds, kept until the vendor signs with `activeKey` (docs/ADOPT.md).
   * @default []
   */
  readonly publishedKeys?: readonly OktaJwk[];
  /** Broad roles (SUPER_ADMIN, ORG_ADMIN) this app may hold, by name. @default [] */
  readonly allowBroadRoles?: readonly StandardRole[];
  /** The stack's shared custom roles; required when a capability binds a custom role. */
  readonly adminRoles?: AdminRoles;
  /** 429 handling of the DPoP setting's Apps API calls. @default prod's rate-limit defaults */
  readonly throttle?: Throttle;
  /** Protect the Okta app: deleting it revokes every connector's credentials. @default false */
  readonly protect?: boolean;
}

/** The `serviceApps.<key>` stack output: the ServiceAppOutput contract, one Output per field. */
export type ServiceAppStackOutput = {
  readonly [K in keyof ServiceAppOutput]: pulumi.Output<ServiceAppOutput[K]>;
};

const DEFAULTS = {
  requireDpop: true,
  throttle: RATE_LIMIT_DEFAULTS.prod,
  protect: false,
} as const;

/**
 * Everything a service app needs and nothing else. No redirect URIs, no user or group assignment
 * (client_credentials has no user), no client secret. Fields that merely restate the provider's
 * default are set anyway so `pulumi preview` never shows them drifting.
 */
export function serviceAppInputs(label: string, jwks: okta.types.input.app.OAuthJwk[]) {
  return {
    label,
    // `type` and `clientId` are the only inputs that force replacement (a new client id); the
    // client id is left to Okta and never set, and nothing else here replaces the app.
    type: "service",
    grantTypes: ["client_credentials"],
    responseTypes: ["token"],
    tokenEndpointAuthMethod: "private_key_jwt",
    // Every key, so a rotation publishes old and new together.
    jwks,
    // No secret exists for private_key_jwt; true keeps any generated one out of state. Going
    // true → false later would replace the app, so it stays true.
    omitSecret: true,
    // Okta rotates its own signing keys for this client (the provider's default).
    autoKeyRotation: true,
    // Tokens are issued by the org authorization server at the org URL.
    issuerMode: "ORG_URL",
    // Federation Broker Mode assigns the app to users implicitly: a service app has no users.
    implicitAssignment: false,
    // PKCE protects authorization-code flows; client_credentials has none.
    pkceRequired: false,
    // No end-user tile.
    hideWeb: true,
    hideIos: true,
    // Service apps take no sign-on policy; skipping it saves /api/v1/apps calls.
    skipAuthenticationPolicy: true,
  } satisfies okta.app.OAuthArgs;
}

export class ServiceApp extends pulumi.ComponentResource {
  readonly plan: ServiceAppPlan;
  readonly app: okta.app.OAuth;
  readonly clientId: pulumi.Output<string>;
  /** Every key by name; `activeKey` is the one handed to connectors. */
  readonly keys: Readonly<Record<string, ClientKey>>;
  readonly activeKey: ClientKey;
  /** Resolves (true) only once scopes, roles and the DPoP setting exist. */
  readonly ready: pulumi.Output<boolean>;
  readonly stackOutput: ServiceAppStackOutput;

  constructor(name: string, args: ServiceAppArgs, opts?: pulumi.ComponentResourceOptions) {
    // 1. Validate before anything is registered (throws naming every bad argument).
    const { plan, orgUrl, label, requireDpop, throttle, protect, adminRoles, publishedKeys } =
      resolveServiceAppArgs(name, args);
    super("oktaplane:okta:ServiceApp", name, {}, opts);

    // 2. Children, named from the component name and stable keys only.
    const keys = Object.fromEntries(
      plan.keys.map((k) => [
        k.name,
        new ClientKey(
          `${name}-key-${k.name}`,
          { algorithm: k.algorithm, ...(k.kid === undefined ? {} : { kid: k.kid }) },
          { parent: this },
        ),
      ]),
    );
    const jwks = pulumi
      .all(plan.keys.map((k) => keys[k.name]!.oktaJwk))
      .apply((own) => [...own, ...publishedKeys]);
    const appInputs = jwks.apply((j) => serviceAppInputs(label, j));
    const app = new okta.app.OAuth(
      name,
      {
        ...serviceAppInputs(label, []),
        jwks,
      },
      { parent: this, protect },
    );

    const grant =
      plan.scopes.length === 0
        ? undefined
        : new okta.AppOauthApiScope(
            `${name}-scopes`,
            { appId: app.id, issuer: orgUrl, scopes: plan.scopes },
            { parent: this },
          );

    const dpop = new AppDpopSetting(
      `${name}-dpop`,
      {
        orgUrl,
        appId: app.id,
        requireDpop,
        appRevision: appInputs.apply((i) => digest(i)),
        // Only the knobs the Apps API client uses (the provider's maxApiCapacity is not one).
        throttle: {
          maxRetries: throttle.maxRetries,
          minWaitSeconds: throttle.minWaitSeconds,
          maxWaitSeconds: throttle.maxWaitSeconds,
          requestTimeout: throttle.requestTimeout,
        },
      },
      { parent: this, dependsOn: [app] },
    );

    // After the DPoP write: once an app holds admin roles, Okta refuses PUT /api/v1/apps/{id}
    // from a caller less privileged than those roles (terraform-provider-okta#2025), so a
    // least-privileged deployer must set the flag before the first role is assigned.
    const roles = plan.roles.map(
      (r) =>
        new okta.app.OauthRoleAssignment(
          `${name}-role-${r.key}`,
          roleAssignmentArgs(r, app.clientId, adminRoles),
          { parent: this, dependsOn: [dpop] },
        ),
    );

    // 3. Outputs.
    const activeKey = keys[plan.activeKey]!;
    this.plan = plan;
    this.app = app;
    this.clientId = app.clientId;
    this.keys = keys;
    this.activeKey = activeKey;
    this.ready = pulumi
      .all([...(grant ? [grant.id] : []), ...roles.map((r) => r.id), dpop.id])
      .apply(() => true);
    const tokenUrl = `${orgUrl}/oauth2/v1/token`;
    this.stackOutput = {
      // Gated on ready: whoever reads the client id (a connector bundle) can use it at once.
      clientId: pulumi.all([this.ready, app.clientId]).apply(([, id]) => id),
      tokenUrl: pulumi.output(tokenUrl),
      audience: pulumi.output(tokenUrl),
      orgUrl: pulumi.output(orgUrl),
      activeKid: activeKey.kid,
      algorithm: pulumi.output(activeKey.algorithm),
      scopes: pulumi.output(plan.scopes),
      requireDpop: dpop.requireDpop,
      privateKeyPem: activeKey.privateKeyPem,
      privateKeyJwk: activeKey.privateKeyJwk.apply((j) => ({ ...j }) as Record<string, unknown>),
    };
    this.registerOutputs({ ...this.stackOutput, ready: this.ready });
  }
}

/** Defaults applied, arguments checked and planned; pure, so it runs before `super`. */
export function resolveServiceAppArgs(name: string, args: ServiceAppArgs) {
  const { orgUrl, label, requireDpop, throttle, protect, adminRoles, publishedKeys, ...spec } = {
    ...DEFAULTS,
    label: name,
    publishedKeys: [] as readonly OktaJwk[],
    ...definedOnly(args),
  };
  if (!/^https:\/\/[^/]+$/.test(orgUrl))
    throw new TypeError(`ServiceApp ${name}: orgUrl must be https://<org host>, got ${orgUrl}`);
  if (label.length < 1 || label.length > 100)
    throw new TypeError(`ServiceApp ${name}: label must be 1-100 characters, got ${label.length}`);
  const plan = planServiceApp(name, spec);
  if (plan.roles.some((r) => r.kind === "custom") && adminRoles === undefined)
    throw new TypeError(
      `ServiceApp ${name}: adminRoles is required: capabilities ${spec.capabilities.join(", ")} bind a custom role`,
    );
  const ownKids = plan.keys.flatMap((k) => (k.kid === undefined ? [] : [k.kid]));
  const clash = publishedKeys.find((k) => ownKids.includes(k.kid));
  if (clash !== undefined)
    throw new TypeError(
      `ServiceApp ${name}: published key ${clash.kid} has the kid of one of the app's own keys`,
    );
  return { plan, orgUrl, label, requireDpop, throttle, protect, adminRoles, publishedKeys };
}

/** A standard role by type, or CUSTOM with the stack's shared role and resource set. */
function roleAssignmentArgs(
  role: RoleAssignmentPlan,
  clientId: pulumi.Output<string>,
  adminRoles: AdminRoles | undefined,
): okta.app.OauthRoleAssignmentArgs {
  if (role.kind === "standard") return { clientId, type: role.type };
  const binding = adminRoles!.bind(role.role, role.resourceSet);
  return { clientId, type: "CUSTOM", role: binding.roleId, resourceSet: binding.resourceSetId };
}

/** The caller's args without `undefined` members, so a default is never overwritten by one. */
function definedOnly<T extends object>(args: T): T {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as T;
}

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}
