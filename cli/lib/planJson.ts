// The documented shape of `plan --json` (docs/PLAN.md), as a schema: the test validates real
// output against it, and consumers (CI, promote) may parse with it.

import { z } from "zod";

const planValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(planValue),
    z.record(z.string(), planValue),
  ]),
);

export const planResourceJson = z.strictObject({
  urn: z.string().startsWith("urn:pulumi:"),
  type: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  custom: z.boolean(),
  inputs: z.record(z.string(), planValue),
  protect: z.boolean(),
  retainOnDelete: z.boolean(),
  dependsOn: z.array(z.string()),
  importId: z.string().nullable(),
});

const plannedCapabilityJson = z.strictObject({
  name: z.string(),
  description: z.string(),
  scopes: z.array(z.string().startsWith("okta.")),
  roles: z.array(z.string()),
  customRole: z
    .strictObject({
      key: z.string().startsWith("cap-"),
      permissions: z.array(z.string().startsWith("okta.")),
      resources: z.strictObject({
        kind: z.enum(["users", "groups", "group-members", "apps"]),
        ids: z.array(z.string()),
      }),
    })
    .nullable(),
  usedBy: z.array(z.string()),
});

const connectorResourceJson = z.strictObject({
  type: z.string(),
  name: z.string(),
  custom: z.boolean(),
});

export const planJson = z.looseObject({
  version: z.literal(1),
  project: z.literal("oktaplane"),
  stack: z.string(),
  environment: z.enum(["dev", "staging", "prod"]),
  orgUrl: z.string().startsWith("https://"),
  // Absent in plans written before custom capabilities existed.
  customCapabilities: z.array(plannedCapabilityJson).optional(),
  resources: z.array(planResourceJson),
  counts: z.strictObject({ total: z.int(), byType: z.record(z.string(), z.int()) }),
  connectors: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      resources: z.array(connectorResourceJson),
      shared: z.array(connectorResourceJson),
      manualSteps: z.array(z.string()),
    }),
  ),
  outputs: z.record(z.string(), planValue),
  deployerScopes: z.strictObject({
    scopes: z.array(
      z.strictObject({ scope: z.string().startsWith("okta."), for: z.array(z.string()) }),
    ),
    unmapped: z.array(z.string()),
  }),
  missingSecrets: z.array(
    z.strictObject({
      key: z.string(),
      requiredBy: z.array(z.string()),
      description: z.string(),
      command: z.string().startsWith("pulumi config set --secret oktaplane:"),
    }),
  ),
  elapsedMs: z.number().nonnegative(),
});

/** `plan --json` when the configuration is invalid (exit code 1). */
export const planErrorJson = z.strictObject({
  version: z.literal(1),
  stack: z.string(),
  ok: z.literal(false),
  problems: z.array(
    z.strictObject({ key: z.string(), message: z.string(), value: z.string().optional() }),
  ),
});
