// Which config paths identify one environment (`.meta({ envSpecific: true })` in
// config/schema.ts and each connector's config.ts), read from the schema's JSON Schema so the
// list can never drift from it.

import { z } from "zod";
import { builtInConnectors } from "../../components/connectors/registry";

/** A config path below `oktaplane:`; `*` stands for any key of a record (e.g. an app key). */
export type PathPattern = readonly string[];

interface JsonSchemaNode {
  envSpecific?: boolean;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
}

/** An env-specific path and what the schema says it holds. */
export interface EnvSpecificField {
  readonly path: PathPattern;
  readonly description?: string;
}

/** Every env-specific path pattern of a schema, outermost first. */
export function envSpecificPatterns(
  schema: z.ZodType = builtInConnectors.stackSchema,
): PathPattern[] {
  return envSpecificFields(schema).map((f) => f.path);
}

/** Every env-specific path of a schema with its description, outermost first. */
export function envSpecificFields(
  schema: z.ZodType = builtInConnectors.stackSchema,
): EnvSpecificField[] {
  const root = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchemaNode;
  const found: EnvSpecificField[] = [];
  const walk = (node: JsonSchemaNode, path: string[], seen: Set<JsonSchemaNode>): void => {
    if (seen.has(node)) return;
    const resolved = node.$ref?.startsWith("#/$defs/")
      ? root.$defs?.[node.$ref.slice("#/$defs/".length)]
      : undefined;
    if (resolved) return walk(resolved, path, new Set([...seen, node]));
    // An array of env-specific items (group ids) is env-specific as a whole.
    if (node.envSpecific || node.items?.envSpecific) {
      const description = node.envSpecific ? node.description : node.items?.description;
      found.push(description === undefined ? { path } : { path, description });
      return;
    }
    for (const [key, child] of Object.entries(node.properties ?? {}))
      walk(child, [...path, key], seen);
    if (typeof node.additionalProperties === "object")
      walk(node.additionalProperties, [...path, "*"], seen);
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
      walk(branch, path, seen);
  };
  walk(root, [], new Set());
  return found;
}

/** Whether a path is, or lies under, an env-specific path. */
export function isEnvSpecific(path: readonly string[], patterns: readonly PathPattern[]): boolean {
  return patterns.some(
    (p) => p.length <= path.length && p.every((seg, i) => seg === "*" || seg === path[i]),
  );
}

export function formatPath(path: readonly string[]): string {
  return path.join(".");
}
