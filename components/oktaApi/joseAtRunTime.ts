// jose for code that runs from the DPoP provider's serialized closure. Pulumi's serializer cannot
// carry a module loaded with import() (under vitest it would capture the runner's import hook), so
// this requires jose when it runs, resolved from the program's directory as the serializer's own
// require calls are (Node ≥ 20.19 requires an ES module).

import type { Jose } from "../auth/runtime";

export function joseAtRunTime(): Jose {
  const { createRequire } = process.getBuiltinModule("node:module");
  return createRequire(`${process.cwd()}/`)("jose") as Jose;
}
