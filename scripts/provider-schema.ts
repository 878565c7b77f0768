// Writes provider/schema.json: the component package's schema as @pulumi/pulumi's component
// provider derives it from provider/components.ts, checked in so a change to what Python, Go, C#
// and YAML users see is a reviewed diff (test/provider/schema.test.ts compares).
// Usage: npx tsx scripts/provider-schema.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { componentSchema } from "../provider/schema";

componentSchema()
  .then((schema) =>
    writeFileSync(
      join(__dirname, "..", "provider", "schema.json"),
      JSON.stringify(schema, null, 2) + "\n",
    ),
  )
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
