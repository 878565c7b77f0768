// The `oktaplane:capabilities` key (capabilities a stack defines for itself) and the rule that
// checks the service apps naming them against the stack's whole catalog, built-in plus custom.

import { z } from "zod";
import { CAPABILITY_NAMES, type StandardRole } from "../components/capabilities";
import {
  customCapabilityProblems,
  type CustomCapabilities,
  type ResourceKind,
} from "../components/customCapabilities";
import { validateServiceApp, type ServiceAppSpec } from "../components/serviceAppPlan";
import type { SameType } from "./sameType";
import type { CapabilitiesConfig } from "./types";

// Group and app ids are minted by each org: dev's groups do not exist in prod.
const resourceId = z.string().meta({ envSpecific: true, description: "Okta group or app id" });

/**
 * A string whose allowed values customCapabilityProblems checks (with a near miss), typed as
 * what it must be: an enum here would stop at the first bad role and hide every other problem.
 */
const named = <T extends string>(what: string) =>
  z.custom<T>((v) => typeof v === "string", { error: `must be ${what} (a string)` });

const definitionSchema = z.strictObject({
  description: z.string(),
  scopes: z.array(z.string()).default([]),
  roles: z.array(named<StandardRole>("a standard role")).default([]),
  customRole: z
    .strictObject({
      permissions: z.array(z.string()),
      resources: z.strictObject({
        kind: named<ResourceKind>("a resource kind"),
        ids: z.array(resourceId).optional(),
      }),
    })
    .optional(),
});

/**
 * Capabilities by name. Structure is checked here; what the values may be (Okta's published
 * scopes and permissions, id formats, no shadowing of a built-in name) is checked by
 * components/customCapabilities.ts, the same rules a TypeScript caller of ServiceApp gets.
 */
export const capabilitiesSchema = z
  .record(z.string(), definitionSchema)
  .superRefine((defs, ctx) => {
    for (const p of customCapabilityProblems(defs))
      ctx.addIssue({ code: "custom", path: [...p.path], message: p.message, input: p.value });
  })
  .meta({ description: "Capabilities of this stack's own: exact scopes, roles or a custom role" });

// What it parses to is exactly the plain type the package's .d.ts show.
true satisfies SameType<z.output<typeof capabilitiesSchema>, CapabilitiesConfig>;

const builtIn = (name: string) => (CAPABILITY_NAMES as readonly string[]).includes(name);

/** Whether an app names built-in capabilities only (its schema then checks it on its own). */
export function usesOnlyBuiltIns(app: { readonly capabilities: readonly string[] }): boolean {
  return app.capabilities.every(builtIn);
}

type Issues = readonly { readonly path?: readonly PropertyKey[] | undefined }[];
const under = (issues: Issues, ...prefix: PropertyKey[]) =>
  issues.some((i) => prefix.every((seg, k) => i.path?.[k] === seg));

/**
 * Service apps that name anything but built-in capabilities, planned against the stack's
 * catalog: an unknown name (with a near miss), broad roles without the opt-in, groups no
 * capability can be confined to. It runs even when other keys have problems (`ROOT_IS_OBJECT`),
 * but judges nothing whose own input is already wrong.
 */
export function serviceAppRules(
  c: { capabilities: CustomCapabilities; serviceApps: Record<string, ServiceAppSpec> },
  ctx: z.RefinementCtx,
): void {
  if (under(ctx.issues, "capabilities")) return;
  if (ctx.issues.some((i) => i.path?.[0] === "serviceApps" && i.path.length < 2)) return;
  for (const [key, app] of Object.entries(c.serviceApps)) {
    if (under(ctx.issues, "serviceApps", key) || usesOnlyBuiltIns(app)) continue;
    for (const p of validateServiceApp({ ...app, customCapabilities: c.capabilities }))
      ctx.addIssue({
        code: "custom",
        path: ["serviceApps", key, ...p.path],
        message: p.message,
        input: p.value,
      });
  }
}

/** Refinement options: run whenever the root parsed as an object, whatever else is wrong. */
export const ROOT_IS_OBJECT = {
  when: (payload: { issues: Issues }) => !payload.issues.some((i) => !i.path?.length),
};
