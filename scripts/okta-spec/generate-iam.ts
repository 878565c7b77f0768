// Generates spec/okta-iam.json: Okta's published OAuth scopes and custom-role permissions, which
// custom capabilities are checked against, so nothing at run time reads ../shared.
// Usage: npx tsx scripts/okta-spec/generate-iam.ts [path/to/reference-dir]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { oktaOperations } from "../../spec/oktaOperations";
import { SPEC_FILE } from "./compact";
import { iamNames, OAUTH_SPEC_FILE, PROVIDER_SCHEMA_FILE } from "./iam";

async function main(): Promise<void> {
  const reference = process.argv[2] ?? join(__dirname, "..", "..", "..", "shared", "reference");
  const names = iamNames(
    oktaOperations,
    readFileSync(join(reference, SPEC_FILE), "utf8"),
    readFileSync(join(reference, OAUTH_SPEC_FILE), "utf8"),
    readFileSync(join(reference, PROVIDER_SCHEMA_FILE), "utf8"),
  );
  const out = join(__dirname, "..", "..", "spec", "okta-iam.json");
  // The repository's own Prettier options, so `prettier --check` passes.
  const options = (await resolveConfig(out)) ?? {};
  writeFileSync(out, await format(JSON.stringify(names), { ...options, parser: "json" }));
  console.log(`${names.scopes.length} scopes, ${names.permissions.length} permissions → ${out}`);
}

void main();
