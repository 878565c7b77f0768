// Where the real-engine work lives on a machine (outside any work tree) and the Go environment
// every engine command runs in, so the probe and any later build share one module cache.
import { homedir } from "node:os";
import { join } from "node:path";

/** The engine directory: `OKTAPLANE_ENGINE_DIR`, else `~/.cache/oktaplane-engine`. */
export function engineDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.OKTAPLANE_ENGINE_DIR || join(homedir(), ".cache", "oktaplane-engine");
}

/**
 * The proxy list of a `GOPROXY` value without `direct` and `off`: a module the proxy refuses must
 * fail there with the proxy's own answer, not fall through to a VCS host this machine cannot
 * reach (Go falls through only on 404/410, and then reports a clone error instead).
 */
export function proxiesOnly(goproxy: string): string {
  const kept = goproxy
    .split(/[,|]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "" && entry !== "direct" && entry !== "off");
  if (kept.length === 0) {
    throw new Error(`GOPROXY="${goproxy}" names no module proxy; set GOPROXY to a proxy URL list`);
  }
  return kept.join(",");
}

/**
 * The environment for `go` commands: module and build caches under the engine directory (a kept
 * machine reuses them; nothing lands in the work tree), `-mod=mod` because wrapper modules carry
 * no .go files and no go.sum of their own, and `-p=2` for the 2-core machines.
 */
export function goEnv(goproxy: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dir = engineDir(env);
  return {
    ...env,
    GOMODCACHE: join(dir, "go", "mod"),
    GOCACHE: join(dir, "go", "build"),
    GOPROXY: proxiesOnly(goproxy),
    GOFLAGS: "-mod=mod -p=2",
  };
}
