// `npm ci --omit=dev` followed by `pulumi up --policy-pack policy` must find every package the
// engine loads: the program's module graph from index.ts, the Worker's, which the program bundles
// with esbuild during the up, the policy pack's, and what the engine's TypeScript loader needs.
// Checked against package-lock.json, which says exactly what an omit-dev install installs (its
// `dev: true` entries are left out). What this does not prove: a package resolved by a computed
// name at run time (none here; esbuild reports every literal import and require).

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(__dirname, "../..");
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { dev?: boolean }>;
};

/** Whether `npm ci --omit=dev` installs the package at the top of node_modules. */
const installedWithoutDev = (name: string) => {
  const entry = lock.packages[`node_modules/${name}`];
  return entry !== undefined && entry.dev !== true;
};

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

/** Every package the module graph from `entry` imports (statically or by literal import()). */
async function packagesImportedBy(
  entry: string,
  options: { platform: "node" | "neutral"; conditions?: readonly string[]; tsconfig: string },
): Promise<string[]> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    packages: "external",
    platform: options.platform,
    ...(options.conditions ? { conditions: [...options.conditions] } : {}),
    tsconfig: path.join(root, options.tsconfig),
    logLevel: "silent",
  });
  const found = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith("node:")) continue;
      found.add(packageOf(imported.path));
    }
  }
  return [...found].sort();
}

describe("npm ci --omit=dev installs what pulumi up loads", () => {
  it.each([
    ["the program (index.ts)", "index.ts", { platform: "node", tsconfig: "tsconfig.json" }],
    // Bundled by worker/build.ts during the up, resolving packages as workerd does.
    [
      "the Worker the program bundles",
      "worker/index.ts",
      {
        platform: "neutral",
        conditions: ["workerd", "worker", "browser", "import", "default"],
        tsconfig: "worker/tsconfig.json",
      },
    ],
    [
      "the policy pack (--policy-pack policy)",
      "policy/index.ts",
      {
        platform: "node",
        tsconfig: "policy/tsconfig.json",
      },
    ],
  ] as const)("%s", async (_what, entry, options) => {
    const packages = await packagesImportedBy(entry, options);
    expect(packages.length).toBeGreaterThan(0);
    expect(packages.filter((p) => !installedWithoutDev(p))).toEqual([]);
  });

  it("the engine's TypeScript loader: the project's typescript and the type packages tsconfig names", () => {
    // Without the project's typescript the engine falls back to its vendored 3.8, which cannot
    // compile this program; ts-node type-checks, so the `types` packages must be there too.
    const tsconfig = JSON.parse(readFileSync(path.join(root, "tsconfig.json"), "utf8")) as {
      compilerOptions: { types?: string[] };
    };
    const needed = [
      "typescript",
      ...(tsconfig.compilerOptions.types ?? []).map((t) => `@types/${t}`),
    ];
    expect(needed.filter((p) => !installedWithoutDev(p))).toEqual([]);
  });
});
