// Builds the npm package into dist/: compiled JavaScript and .d.ts for components/index.ts and
// what it imports, plus the Worker pre-bundled, so an installed oktaplane needs no esbuild and
// no TypeScript sources (the engine's ts-node skips node_modules).
// Usage: npm run build (npm pack runs it through prepack).
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleWorker } from "../worker/build";

const root = join(__dirname, "..");
const dist = join(root, "dist");

async function main(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  // worker/build.ts reads this file beside its compiled self (PREBUILT_BUNDLE).
  const { code } = await bundleWorker();
  writeFileSync(join(dist, "worker", "worker-bundle.mjs"), code);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
