// Generates spec/okta-operations.json, the compact operation table oktaplane needs from Okta's
// Management OpenAPI spec, so nothing at run time reads ../shared.
// Usage: npx tsx scripts/okta-spec/generate.ts [path/to/okta-management-openapi.yaml]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compactOperations, SPEC_FILE } from "./compact";

const specPath =
  process.argv[2] ?? join(__dirname, "..", "..", "..", "shared", "reference", SPEC_FILE);
const table = compactOperations(readFileSync(specPath, "utf8"));
const out = join(__dirname, "..", "..", "spec", "okta-operations.json");
writeFileSync(out, JSON.stringify(table, null, 0).replace(/\},\{/g, "},\n{") + "\n");
console.log(`${table.operations.length} operations (spec ${table.specVersion}) → ${out}`);
