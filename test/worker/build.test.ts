// The bundle the stack uploads: one self-contained ES module, deterministic, with no Node
// built-ins, that loads in workerd without the nodejs_compat flag.

import { Miniflare } from "miniflare";
import { builtinModules } from "node:module";
import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { bundleWorker } from "../../worker/build";
import { COMPATIBILITY_DATE } from "./support/receiver";

/** Every module specifier in import/export/require/dynamic import statements. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]!);
  return found;
}

describe("bundleWorker", () => {
  test("is an ES module with a default export and no imports left to resolve", async () => {
    const { code, sha256 } = await bundleWorker();
    expect(code).toMatch(/export\s*\{[^}]*\bas default\b[^}]*\}/);
    expect(specifiers(code)).toEqual([]);
    expect(sha256).toBe(createHash("sha256").update(code).digest("hex"));
  });

  test("contains no Node built-in module, bare or node:-prefixed", async () => {
    const { code } = await bundleWorker();
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    expect(specifiers(code).filter((s) => builtins.has(s) || s.startsWith("node:"))).toEqual([]);
    expect(code).not.toMatch(/\bprocess\.env\b|\bBuffer\.from\b|\b__dirname\b/);
  });

  test("is deterministic: same sources, same bytes and hash", async () => {
    const [a, b] = await Promise.all([bundleWorker(), bundleWorker()]);
    expect(a.sha256).toBe(b.sha256);
    const min = await bundleWorker({ minify: true });
    expect(min.code.length).toBeLessThan(a.code.length);
    expect(min.sha256).toBe((await bundleWorker({ minify: true })).sha256);
  });

  test("loads in workerd without nodejs_compat (minified too)", async () => {
    for (const minify of [false, true]) {
      const mf = new Miniflare({
        modules: true,
        script: (await bundleWorker({ minify })).code,
        compatibilityDate: COMPATIBILITY_DATE,
        handleStructuredLogs: () => {},
      });
      try {
        const res = await mf.dispatchFetch("http://receiver.test/okta/events");
        // No bindings at all: the Worker runs and fails closed.
        expect(res.status).toBe(500);
        await res.text();
      } finally {
        await mf.dispose();
      }
    }
  });
});
