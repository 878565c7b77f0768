// The validated stack configuration as plain TypeScript: what config/schema.ts parses
// stacks/Pulumi.<stack>.yaml into. Written out rather than inferred from the zod schemas because
// the npm package's .d.ts reach these types, and zod's own .d.ts only compile with
// esModuleInterop (or skipLibCheck) in the consumer's tsconfig. schema.ts proves each schema
// parses to exactly its type here (SameType), so the two cannot drift apart.

import type { StandardRole } from "../components/capabilities";
import type { ResourceKind } from "../components/customCapabilities";
import type { KeyAlgorithm } from "../components/serviceAppPlan";

/** Which environment a stack is (`oktaplane:environment`). */
export type Environment = "dev" | "staging" | "prod";

/** Okta provider throttling (`okta.rateLimit`); defaults per environment: config/defaults.ts. */
export interface RateLimitConfig {
  /** Percent of each endpoint's rate limit the provider may use, 1-100. */
  maxApiCapacity?: number;
  maxRetries?: number;
  minWaitSeconds?: number;
  maxWaitSeconds?: number;
  /** Seconds; 0 is no limit. */
  requestTimeout?: number;
}

/** `oktaplane:okta`: the org. */
export interface OktaConfig {
  /** The org name only, e.g. `dev-123456` for https://dev-123456.okta.com. */
  orgName: string;
  /** `okta.com`, `oktapreview.com`, `okta-emea.com` or `okta-gov.com`. */
  baseUrl: string;
  engine: "oie" | "classic";
  rateLimit: RateLimitConfig;
}

/** One key of a service app (`serviceApps.<key>.keys.<name>`). */
export interface ServiceAppKeyConfig {
  algorithm: KeyAlgorithm;
  /** 1-64 characters of A-Z a-z 0-9 _ -; by default the key's RFC 7638 thumbprint. */
  kid?: string;
}

/** `serviceApps.<key>`, defaults applied. */
export interface ServiceAppConfig {
  /** The app's label in the Admin Console. @default the key */
  label?: string;
  /** Built-in capability names or the stack's own (`oktaplane:capabilities`). */
  capabilities: string[];
  /** Okta group ids (00g…) that group-scoped capabilities are confined to. */
  groups?: string[];
  requireDpop: boolean;
  /** Keys by name. */
  keys: Record<string, ServiceAppKeyConfig>;
  /** Which of `keys` signs. */
  activeKey?: string;
  /** Broad roles (SUPER_ADMIN, ORG_ADMIN) the app may be given, by name. */
  allowBroadRoles: StandardRole[];
}

/** A custom domain for the hook receiver: the Cloudflare zone and the hostname in it. */
export interface CustomDomainConfig {
  zoneId: string;
  hostname: string;
}

/**
 * `oktaplane:hookReceiver`, defaults applied: exactly one of `workersDevSubdomain`,
 * `customDomain` or `externalUrl`.
 */
export interface HookReceiverConfig {
  /** Required unless `externalUrl` is set (the Worker is deployed to this account). */
  cloudflareAccountId?: string;
  workerName?: string;
  /** `YYYY-MM-DD`. */
  compatibilityDate: string;
  workersDevSubdomain?: string;
  customDomain?: CustomDomainConfig;
  /** A receiver you already run (e.g. during migration); no Worker is deployed. */
  externalUrl?: string;
  /** DPoP-bound tokens for the receiver's own service app (docs/DPOP.md). */
  requireDpop: boolean;
}

/** One capability of the stack's own (`capabilities.<name>`), defaults applied. */
export interface CapabilityConfig {
  description: string;
  scopes: string[];
  roles: StandardRole[];
  customRole?: {
    permissions: string[];
    resources: { kind: ResourceKind; ids?: string[] };
  };
}

/** `oktaplane:capabilities`: capabilities of this stack's own, by name. */
export type CapabilitiesConfig = Record<string, CapabilityConfig>;

/** A public key kept in an adopted app's JWKS. */
export type PublishedJwkConfig =
  | { kty: "RSA"; kid: string; e: string; n: string }
  | { kty: "EC"; kid: string; x: string; y: string };

/**
 * `oktaplane:adopt`: what `npm run adopt` found in the org (docs/ADOPT.md), each key the logical
 * name of an Okta resource of this stack.
 */
export interface AdoptConfig {
  /** Okta id per resource; the first `pulumi up` imports instead of creating. */
  import: Record<string, string>;
  /** Labels kept on adopted custom roles: a new label would replace the role (new id). */
  labels: Record<string, string>;
  /** Public keys kept in an adopted app's JWKS until its vendor signs with the stack's key. */
  publishedKeys: Record<string, PublishedJwkConfig[]>;
}

/**
 * The parsed `oktaplane:connectors` block: one optional property per connector config key. Empty
 * here on purpose: each connector's types.ts adds its own property (declaration merging), so the
 * connector folder, not this file, says which blocks exist and what type each has.
 */
export interface ConnectorsConfig {}

/** The whole stack configuration, one property per `oktaplane:<key>` config key. */
export interface StackConfig {
  environment: Environment;
  okta: OktaConfig;
  serviceApps: Record<string, ServiceAppConfig>;
  capabilities: CapabilitiesConfig;
  hookReceiver?: HookReceiverConfig;
  connectors: ConnectorsConfig;
  adopt: AdoptConfig;
}
