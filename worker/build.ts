// Bundles the Worker (worker/index.ts and its dependencies) into one ES module with esbuild, in
// memory, for the stack to upload. Deterministic: the same sources give the same bytes and hash.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface BundleOptions {
  /** Minify the output (smaller upload, unreadable stack traces). @default false */
  readonly minify?: boolean;
}

export interface WorkerBundle {
  /** The ES module source, `export default { fetch }`. */
  readonly code: string;
  /** Hex SHA-256 of `code`: changes exactly when the uploaded script would. */
  readonly sha256: string;
}

/** Entry point of the Worker, beside this file. */
export const WORKER_ENTRY = path.join(__dirname, "index.ts");

/**
 * The bundle the npm package ships beside the compiled build.js (scripts/build-package.ts writes
 * it), so a program that installs oktaplane needs neither esbuild nor the Worker's sources.
 */
export const PREBUILT_BUNDLE = path.join(__dirname, "worker-bundle.mjs");

function digest(code: string): WorkerBundle {
  return { code, sha256: createHash("sha256").update(code).digest("hex") };
}

/** The shipped bundle when there is one (installed package), else a fresh build (this repo). */
export async function workerBundleFor(options: BundleOptions = {}): Promise<WorkerBundle> {
  if (options.minify === undefined && existsSync(PREBUILT_BUNDLE)) {
    return digest(readFileSync(PREBUILT_BUNDLE, "utf8"));
  }
  return bundleWorker(options);
}

export async function bundleWorker(options: BundleOptions = {}): Promise<WorkerBundle> {
  // Loaded only when building from source: an installed package reads PREBUILT_BUNDLE instead.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [WORKER_ENTRY],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    // Resolve packages the way workerd does: browser/worker builds, ESM first.
    conditions: ["workerd", "worker", "browser", "import", "default"],
    mainFields: ["browser", "module", "main"],
    minify: options.minify ?? false,
    legalComments: "none",
    sourcemap: false,
    charset: "utf8",
    logLevel: "silent",
    absWorkingDir: path.dirname(WORKER_ENTRY),
    tsconfig: path.join(path.dirname(WORKER_ENTRY), "tsconfig.json"),
  });
  return digest(result.outputFiles[0]!.text);
}
