// Entry point of the component package: serves the components of components.ts to the engine
// through the component provider host that @pulumi/pulumi ships (it derives the schema from the
// TypeScript types of each constructor's `args`).
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./schema";

componentProviderHost({ components: COMPONENTS, name: PACKAGE_NAME, dirname: __dirname }).catch(
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
