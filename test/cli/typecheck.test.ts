// The type check `plan` runs first, as the engine's ts-node would: a type error in any project
// file the entry reaches fails it with tsc-style lines; nothing changed since a passing check
// skips the compiler; the engine's own switches turn it off. On a small fixture project (its
// node_modules borrowed from this repository), with the real TypeScript compiler.

import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../cli/lib/stackFile";
import { typeCheck, type TypeCheckResult } from "../../cli/lib/typecheck";
import { runPlan } from "./support/planCli";

let root: string;
const check = (env: NodeJS.ProcessEnv = {}) =>
  typeCheck({ root, cacheDir: path.join(root, ".cache"), env });
const write = (file: string, text: string) => writeFile(path.join(root, file), text);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "oktaplane-typecheck-"));
  await symlink(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"));
  await write("package.json", JSON.stringify({ name: "fixture", main: "index.ts" }));
  await write(
    "tsconfig.json",
    JSON.stringify({
      compilerOptions: { strict: true, module: "Node16", types: [], noEmit: true },
    }),
  );
  await write(
    "index.ts",
    'import { port } from "./settings";\nexport const url = `http://localhost:${port}`;\n',
  );
  await write("settings.ts", "export const port: number = 8080;\n");
  // Not reached from the entry: the engine never loads it, so its error does not count.
  await write("unused.ts", 'export const n: number = "x";\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("typeCheck", () => {
  it("passes a program without errors, then skips the compiler while nothing changes", () => {
    expect(check()).toMatchObject({ status: "passed", errors: [], files: 2 });
    expect(check()).toMatchObject({ status: "skipped", errors: [] });
  });

  it("fails on an error in a file the entry imports, as tsc prints it", async () => {
    await write("settings.ts", 'export const port: number = "8080";\n');
    const failed: TypeCheckResult = check();
    expect(failed.status).toBe("failed");
    expect(failed.errors).toEqual([
      "settings.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
    // Unchanged: the same answer again, without a new compile.
    expect(check()).toMatchObject({ status: "failed", errors: failed.errors });
    await write("settings.ts", "export const port: number = 8081;\n");
    expect(check().status).toBe("passed");
  });

  it("is off where the engine would not check: PULUMI_NODEJS_TRANSPILE_ONLY or noCheck", async () => {
    expect(check({ PULUMI_NODEJS_TRANSPILE_ONLY: "true" }).status).toBe("off");
    await write(
      "tsconfig.json",
      JSON.stringify({
        compilerOptions: { strict: true, module: "Node16", types: [], noCheck: true },
      }),
    );
    expect(check().status).toBe("off");
  });
});

describe("plan with a type error", () => {
  it("plans nothing and exits 1, printing the errors", async () => {
    const failing = (): TypeCheckResult => ({
      status: "failed",
      errors: ["program.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."],
      files: 1,
      elapsedMs: 1,
    });
    const r = await runPlan(["--stack", "dev", "--json"], { typeCheck: failing });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain("program.ts(3,7): error TS2322");
    expect(r.err).toContain(
      "pulumi preview and pulumi up would refuse to run this program; nothing was planned",
    );
  });
});
