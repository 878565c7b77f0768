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
  // Absent in plans written before it was recorded (e.g. a `--base` ref's own plan code).
  propertyDependencies: z.record(z.string(), z.array(z.string())).optional(),
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

/** Scopes with the resource types that need them (cli/lib/deployerScopes.ts). */
const scopesJson = z.strictObject({
  scopes: z.array(
    z.strictObject({ scope: z.string().startsWith("okta."), for: z.array(z.string()) }),
  ),
  unmapped: z.array(z.string()),
});

export const planJson = z.looseObject({
  version: z.literal(1),
  project: z.string().min(1),
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
      handoff: z
        .array(z.strictObject({ field: z.string(), from: z.array(z.string()).min(1) }))
        .optional(),
    }),
  ),
  outputs: z.record(z.string(), planValue),
  deployerScopes: scopesJson,
  readOnlyScopes: scopesJson,
  missingSecrets: z.array(
    z.strictObject({
      key: z.string(),
      requiredBy: z.array(z.string()),
      description: z.string(),
      command: z.string().regex(/^pulumi config set --secret [A-Za-z0-9_.-]+:\w+ --stack \S+$/),
      environments: z.array(z.string()).optional(),
    }),
  ),
  esc: z
    .strictObject({
      environments: z.array(z.string()),
      checked: z.boolean(),
      supplied: z.array(z.string()),
    })
    .optional(),
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
