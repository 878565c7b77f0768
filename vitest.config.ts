// vitest: Node environment for every suite; the Worker suites start workerd themselves.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Bounds a hang, not a speed goal: the TypeScript analyses (API surface, component schema,
    // consumer type check) take 5-10 s on a quiet 2-core machine and over 60 s on a loaded one.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // 2-core machines: two workers keep CPU-heavy suites (RSA keys, workerd) from starving.
    maxWorkers: 2,
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", "json"],
    outputFile: { json: "node_modules/.cache/oktaplane/vitest-results.json" },
  },
});
