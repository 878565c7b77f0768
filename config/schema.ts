// The typed, validated description of one environment's Okta integration plane, as read from
// stacks/Pulumi.<stack>.yaml. Keys marked `envSpecific` are never copied by `promote`. The
// `connectors` block is assembled from the connectors a registry lists (stackConfigSchemaFor).

import { z } from "zod";
import { STANDARD_ROLES } from "../components/capabilities";
import { validateServiceApp } from "../components/serviceAppPlan";
import type { ConnectorConfigSpec } from "./connectorSpec";
import { resolveRateLimits } from "./defaults";
import {
  ROOT_IS_OBJECT,
  capabilitiesSchema,
  serviceAppRules,
  usesOnlyBuiltIns,
} from "./capabilities";
import type { SameType } from "./sameType";
import type {
  AdoptConfig,
  ConnectorsConfig,
  HookReceiverConfig,
  OktaConfig,
  RateLimitConfig,
  ServiceAppConfig,
  StackConfig,
} from "./types";

/** Metadata on schema nodes: `envSpecific` values identify one environment and are not promoted. */
export type KeyMeta = { envSpecific?: boolean; description?: string };
export const env = (description: string): KeyMeta => ({ envSpecific: true, description });

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const OKTA_BASE_URLS = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com"];

export const name = z.string().regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, {
  error: "must be 2-40 lowercase letters, digits or hyphens, starting with a letter",
});
const hex32 = (what: string) =>
  z.string().regex(/^[0-9a-f]{32}$/, { error: `must be a ${what}: 32 lowercase hex characters` });
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: "must be a DNS hostname such as hooks.example.com (no scheme, no path)",
  });
const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// URL" });
// Group ids are minted by each org: dev's groups do not exist in prod.
export const oktaGroupId = z
  .string()
  .regex(/^00g[0-9A-Za-z]{17}$/, {
    error: "must be an Okta group id (00g followed by 17 characters)",
  })
  .meta(env("Okta group id"));

export function unique<T>(what: string) {
  return (list: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Set<T>();
    list.forEach((item, i) => {
      if (seen.has(item))
        ctx.addIssue({
          code: "custom",
          message: `duplicate ${what} ${JSON.stringify(item)}`,
          path: [i],
        });
      seen.add(item);
    });
  };
}

/** Okta provider rate-limit settings; defaults per environment live in config/defaults.ts. */
export const rateLimitSchema = z
  .strictObject({
    maxApiCapacity: z.int().min(1).max(100).optional(),
    maxRetries: z.int().min(0).max(100).optional(),
    minWaitSeconds: z.int().min(1).max(300).optional(),
    maxWaitSeconds: z.int().min(1).max(300).optional(),
    requestTimeout: z.int().min(0).max(300).optional(),
  })
  .meta({
    description: "Okta provider throttling (percent of each endpoint's rate limit, retries, waits)",
  });

export const oktaSchema = z.strictObject({
  orgName: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/i, {
      error: "must be the Okta org name only, e.g. dev-123456 for https://dev-123456.okta.com",
    })
    .meta(env("Okta org name (subdomain)")),
  baseUrl: z.enum(OKTA_BASE_URLS).default("okta.com").meta(env("Okta base domain")),
  engine: z.enum(["oie", "classic"]).default("oie"),
  rateLimit: rateLimitSchema.default({}),
});

const keySchema = z.strictObject({
  algorithm: z.enum(["RS256", "ES256"]).default("RS256"),
  kid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "must be 1-64 characters of A-Z a-z 0-9 _ -" })
    .optional(),
});

export const serviceAppSchema = z
  .strictObject({
    label: z.string().min(1).max(100).optional().meta(env("App label in the Admin Console")),
    // Built-in names, or the stack's own (oktaplane:capabilities): checked by serviceAppRules.
    capabilities: z.array(z.string()).min(1).superRefine(unique("capability")),
    groups: z.array(oktaGroupId).superRefine(unique("group")).optional(),
    requireDpop: z.boolean().default(true),
    keys: z.record(name, keySchema).default({ primary: { algorithm: "RS256" } }),
    activeKey: name.optional(),
    allowBroadRoles: z.array(z.enum(STANDARD_ROLES)).superRefine(unique("role")).default([]),
  })
  // Plan-level rules (broad roles, group confinement, keys) live with the planner, so the
  // component and the config give the same answer.
  .superRefine((app, ctx) => {
    if (!usesOnlyBuiltIns(app)) return;
    for (const p of validateServiceApp(app))
      ctx.addIssue({ code: "custom", path: [...p.path], message: p.message, input: p.value });
  });

const workersDevRoute = z.strictObject({
  workersDevSubdomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/, {
      error: "must be your account's workers.dev subdomain",
    })
    .meta(env("Cloudflare account's workers.dev subdomain")),
});
const customDomainRoute = z.strictObject({
  // Which route an environment uses is itself environment-specific, not only its values.
  customDomain: z
    .strictObject({
      zoneId: hex32("Cloudflare zone id").meta(env("Cloudflare zone id")),
      hostname: hostname.meta(env("Hook receiver hostname")),
    })
    .meta(env("Hook receiver custom domain")),
});

export const hookReceiverSchema = z
  .strictObject({
    cloudflareAccountId: hex32("Cloudflare account id")
      .meta(env("Cloudflare account id"))
      .optional(),
    workerName: name.optional(),
    compatibilityDate: z.iso.date().default("2025-09-01"),
    workersDevSubdomain: workersDevRoute.shape.workersDevSubdomain.optional(),
    customDomain: customDomainRoute.shape.customDomain.optional(),
    /** An receiver you already run (e.g. during migration); no Worker is deployed. */
    externalUrl: httpsUrl.meta(env("URL of an existing hook receiver")).optional(),
    /**
     * DPoP-bound tokens for the receiver's own service app. On by default; the way out for an
     * org that refuses client_credentials on a DPoP app (Okta's spec says
     * dpop_bound_access_tokens disallows it, against the Admin Console's default: docs/DPOP.md).
     */
    requireDpop: z.boolean().default(true),
  })
  .superRefine((r, ctx) => {
    const routes = [r.workersDevSubdomain, r.customDomain, r.externalUrl].filter(
      (x) => x !== undefined,
    ).length;
    if (routes !== 1)
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "set exactly one of workersDevSubdomain, customDomain or externalUrl",
      });
    if (r.externalUrl === undefined && r.cloudflareAccountId === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["cloudflareAccountId"],
        message: "required unless externalUrl is set (the Worker is deployed to this account)",
      });
  });

/**
 * The `connectors` block of the given connectors: each block optional, unknown keys refused,
 * then each connector's own cross-field rules (paths under its key).
 */
export function connectorsSchemaFor(
  connectors: readonly ConnectorConfigSpec[],
): z.ZodType<ConnectorsConfig> {
  const shape = Object.fromEntries(connectors.map((c) => [c.configKey, c.schema.optional()]));
  return z.strictObject(shape).superRefine((blocks, ctx) => {
    for (const c of connectors) {
      const block = blocks[c.configKey];
      if (block === undefined) continue;
      c.rules?.(block, (path, message) =>
        ctx.addIssue({ code: "custom", path: [c.configKey, ...path], message }),
      );
    }
  }) as unknown as z.ZodType<ConnectorsConfig>;
}

/** The block of a connector, when the config enables it. */
export function blockOf(connectors: ConnectorsConfig, configKey: string): unknown {
  // Validated by connectorsSchemaFor: each present key holds its connector's parsed block.
  return (connectors as Readonly<Record<string, unknown>>)[configKey];
}

/**
 * The logical names of the apps the enabled connectors create, each with its connector's config
 * key: a `serviceApps.<key>` of the same name would make policies and the plan ambiguous.
 */
function connectorAppKeys(
  connectors: readonly ConnectorConfigSpec[],
  blocks: ConnectorsConfig,
): Map<string, string> {
  const keys = new Map<string, string>();
  for (const c of connectors) {
    const block = blockOf(blocks, c.configKey);
    if (block === undefined) continue;
    for (const app of c.appNames?.(block) ?? []) keys.set(app, c.configKey);
  }
  return keys;
}

// A resource's logical name in the program (`moveworks-role-read-only-admin`), as adopt keys it.
const logicalName = z.string().regex(/^[a-z][a-z0-9-]{0,126}[a-z0-9]$/, {
  error: "must be the logical name of an Okta resource of this stack, as npm run adopt writes it",
});
// Okta ids, `okta_push` (a factor), or `<clientId>/<roleAssignmentId>` (a client role assignment).
const importId = z.string().regex(/^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,64})?$/, {
  error: "must be an Okta id, or <clientId>/<roleAssignmentId> for a client role assignment",
});
const publishedJwk = z.union([
  z.strictObject({
    kty: z.literal("RSA"),
    kid: z.string().min(1).max(200),
    e: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "must be base64url" }),
    n: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "must be base64url" }),
  }),
  z.strictObject({
    kty: z.literal("EC"),
    kid: z.string().min(1).max(200),
    x: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "must be base64url" }),
    y: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "must be base64url" }),
  }),
]);

/**
 * What `npm run adopt` found in the org (docs/ADOPT.md). Every key below is the logical name of
 * an Okta resource of this stack; the program turns `import` into Pulumi's `import` option.
 */
export const adoptSchema = z
  .strictObject({
    /** Okta id per resource; the first `pulumi up` imports instead of creating. */
    import: z.record(logicalName, importId).default({}),
    /** Labels kept on adopted custom roles: a new label would replace the role (new id). */
    labels: z.record(logicalName, z.string().min(1).max(100)).default({}),
    /** Public keys kept in an adopted app's JWKS until its vendor signs with the stack's key. */
    publishedKeys: z.record(logicalName, z.array(publishedJwk).min(1).max(4)).default({}),
  })
  .meta(env("Okta ids and keys of objects adopted from one org"));

/**
 * The whole stack configuration, one property per `oktaplane:<key>` config key, with the
 * `connectors` block of the given connectors (components/connectors/registry.ts lists them).
 */
export function stackConfigSchemaFor(connectors: readonly ConnectorConfigSpec[]) {
  return z
    .strictObject({
      environment: z.enum(ENVIRONMENTS).meta(env("Which environment this stack is")),
      okta: oktaSchema,
      serviceApps: z.record(name, serviceAppSchema).default({}),
      capabilities: capabilitiesSchema.default({}),
      hookReceiver: hookReceiverSchema.optional(),
      connectors: connectorsSchemaFor(connectors).default({}),
      adopt: adoptSchema.default({ import: {}, labels: {}, publishedKeys: {} }),
    })
    .superRefine((c, ctx) => {
      const labels = new Map<string, string>();
      const reserved = connectorAppKeys(connectors, c.connectors);
      for (const [key, app] of Object.entries(c.serviceApps)) {
        const owner = reserved.get(key);
        if (owner !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["serviceApps", key],
            message: `name is taken by the app of connectors.${owner}; choose another key`,
          });
        const label = app.label ?? key;
        const other = labels.get(label);
        if (other !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["serviceApps", key, "label"],
            message: `duplicate app label ${JSON.stringify(label)}: also used by serviceApps.${other}`,
          });
        labels.set(label, key);
      }
      const limits = resolveRateLimits(c.environment, c.okta.rateLimit);
      if (limits.minWaitSeconds > limits.maxWaitSeconds)
        ctx.addIssue({
          code: "custom",
          path: ["okta", "rateLimit", "minWaitSeconds"],
          message: `must not exceed maxWaitSeconds (${limits.maxWaitSeconds})`,
        });
      if (limits.requestTimeout !== 0 && limits.requestTimeout <= limits.maxWaitSeconds)
        ctx.addIssue({
          code: "custom",
          path: ["okta", "rateLimit", "requestTimeout"],
          message: `must be 0 (no limit) or longer than maxWaitSeconds (${limits.maxWaitSeconds}), or a throttled request times out while it waits`,
        });
      for (const connector of connectors) {
        if (blockOf(c.connectors, connector.configKey) === undefined) continue;
        for (const [key, why] of Object.entries(connector.requires ?? {})) {
          if ((c as Record<string, unknown>)[key] === undefined)
            ctx.addIssue({
              code: "custom",
              path: [key],
              message: `required when connectors.${connector.configKey} is enabled (${why})`,
            });
        }
      }
    })
    .superRefine(serviceAppRules, ROOT_IS_OBJECT);
}

export type {
  AdoptConfig,
  ConnectorsConfig,
  HookReceiverConfig,
  RateLimitConfig,
  ServiceAppConfig,
  StackConfig,
};

// What each schema parses to is exactly its plain type in ./types (what the package's .d.ts show).
true satisfies SameType<z.output<typeof rateLimitSchema>, RateLimitConfig>;
true satisfies SameType<z.output<typeof oktaSchema>, OktaConfig>;
true satisfies SameType<z.output<typeof serviceAppSchema>, ServiceAppConfig>;
true satisfies SameType<z.output<typeof hookReceiverSchema>, HookReceiverConfig>;
true satisfies SameType<z.output<typeof adoptSchema>, AdoptConfig>;
true satisfies SameType<z.output<ReturnType<typeof stackConfigSchemaFor>>, StackConfig>;

/** Top-level config keys in the `oktaplane:` namespace that hold structured (non-secret) values. */
export const CONFIG_KEYS = Object.keys(stackConfigSchemaFor([]).shape) as (keyof StackConfig)[];
