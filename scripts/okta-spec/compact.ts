// Pure reduction of Okta's Management OpenAPI document to the operation table in spec/.
// Kept apart from generate.ts so the spec-drift test can run it without writing files.
import YAML from "yaml";
import type { OperationTable, SpecOperation } from "../../spec/oktaOperations";

export const SPEC_FILE = "okta-management-openapi-2026.06.3.yaml";

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

interface RawOperation {
  readonly operationId?: string;
  readonly security?: ReadonlyArray<Record<string, readonly string[]>>;
  readonly requestBody?: { readonly content?: Record<string, { schema?: { $ref?: string } }> };
  readonly tags?: readonly string[];
}

/** The schema name behind a `#/components/schemas/X` reference, if the body is one. */
function schemaName(op: RawOperation): string | undefined {
  const content = op.requestBody?.content;
  if (content === undefined) return undefined;
  const ref = (content["application/json"] ?? Object.values(content)[0])?.schema?.$ref;
  return ref?.startsWith("#/components/schemas/")
    ? ref.slice("#/components/schemas/".length)
    : undefined;
}

export function compactOperations(yamlText: string): OperationTable {
  const doc = YAML.parse(yamlText, { maxAliasCount: -1 }) as {
    info: { version: string };
    paths: Record<string, Partial<Record<(typeof METHODS)[number], RawOperation>>>;
  };
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const security = op.security ?? [];
      // `security` lists alternatives: an SSWS API token ({apiToken: []}) or OAuth 2.0 scopes.
      const scopes = security.flatMap((s) => s.oauth2 ?? []);
      const body = schemaName(op);
      operations.push({
        id: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase() as SpecOperation["method"],
        path,
        scopes,
        ssws: security.some((s) => "apiToken" in s),
        ...(body === undefined ? {} : { body }),
        ...(op.tags?.[0] === undefined ? {} : { tag: op.tags[0] }),
      });
    }
  }
  operations.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return { specVersion: doc.info.version, operations };
}
