// vitest: Node environment for every suite; the Worker suites start workerd themselves.
import { configDefaults, defineConfig } from "vitest/config";

/**
 * Most files share their worker's process with the files before it (`isolate: false`): a fresh
 * process costs ~1-1.5 s of imports per file (@pulumi/pulumi, @pulumi/okta, miniflare), which was
 * 153 s summed of a 237-255 s run (docs/ARCHITECTURE.md). These files do not.
 *
 * They load the plan, promote or adopt CLI, whose cli/lib/fastStart.ts patches the process for a
 * one-shot run (Error.stackTraceLimit = 0, Pulumi's closure serializer replaced by a marker,
 * Module._load wrapped): after one of them, a suite that serializes a dynamic provider gets the
 * marker. The other way round, Pulumi caches each dynamic provider's serialized text per provider
 * object (@pulumi/pulumi/dynamic/index.js, providerCache): after a suite that registered an app's
 * DPoP setting, the in-process plan carries the real text where a fresh `npm run plan` has the
 * marker, and planDiff sees `__provider` changed. So they share a process only with each other: each
 * loads fastStart as it is imported, before any of their tests runs.
 */
const FAST_START = [
  "test/adopt/cli.test.ts",
  "test/cli/args.test.ts",
  "test/cli/conventions.test.ts",
  "test/cli/fastStart.test.ts",
  "test/cli/init.test.ts",
  "test/cli/plan-policy.test.ts",
  "test/cli/plan.test.ts",
  "test/cli/planDiff.test.ts",
  "test/cli/promote.test.ts",
  "test/cli/typecheck.test.ts",
];

export default defineConfig({
  test: {
    // Bounds a hang, not a speed goal: the TypeScript analyses (API surface, component schema,
    // consumer type check) take 5-10 s on a quiet 2-core machine and over 60 s on a loaded one.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // 2-core machines: two workers keep CPU-heavy suites (RSA keys, workerd) from starving.
    maxWorkers: 2,
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", "json"],
    outputFile: { json: "node_modules/.cache/oktaplane/vitest-results.json" },
    projects: [
      { extends: true, test: { name: "fast-start", include: FAST_START, isolate: false } },
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...FAST_START],
          isolate: false,
          // Fails a file that leaves timers, the clock, fetch or the module loader replaced.
          setupFiles: ["test/helpers/sharedProcessGuard.ts"],
        },
      },
    ],
  },
});
