// Generates spec/okta-operations.json (every Management API operation: method, path, scopes) and
// spec/okta-schemas.json (the request/response schemas of the operations sim/okta answers) from
// Okta's OpenAPI specs, so nothing at run time reads ../shared.
// Usage: npx tsx scripts/okta-spec/generate.ts [path/to/okta-management-openapi.yaml]
// (the OAuth spec is read from the same directory).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format, resolveConfig } from "prettier";
import { IMPLEMENTED_IDS, IMPLEMENTED_OAUTH } from "../../sim/okta/operations";
import { compactOperations, SPEC_FILE } from "./compact";
import { compactSchemas, OAUTH_SPEC_FILE } from "./schemas";

async function main(): Promise<void> {
  const specPath =
    process.argv[2] ?? join(__dirname, "..", "..", "..", "shared", "reference", SPEC_FILE);
  const management = readFileSync(specPath, "utf8");
  const oauth = readFileSync(join(dirname(specPath), OAUTH_SPEC_FILE), "utf8");
  const specDir = join(__dirname, "..", "..", "spec");
  const write = async (name: string, value: unknown) => {
    const out = join(specDir, name);
    // The repository's own Prettier options (printWidth 100), so `prettier --check` passes.
    const options = (await resolveConfig(out)) ?? {};
    writeFileSync(out, await format(JSON.stringify(value), { ...options, parser: "json" }));
    return out;
  };

  const table = compactOperations(management);
  const out = await write("okta-operations.json", table);
  console.log(`${table.operations.length} operations (spec ${table.specVersion}) → ${out}`);

  const schemas = compactSchemas(management, IMPLEMENTED_IDS, oauth, IMPLEMENTED_OAUTH);
  const schemaOut = await write("okta-schemas.json", schemas);
  const count = Object.keys(schemas.components.schemas).length;
  console.log(
    `${Object.keys(schemas.operations).length} operations, ${count} schemas → ${schemaOut}`,
  );
}

void main();
