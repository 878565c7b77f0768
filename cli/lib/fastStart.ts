// Defers two heavy modules that @pulumi/pulumi loads eagerly but only uses to serialize
// dynamic-provider closures: the TypeScript compiler and npm's arborist (≈400 ms of a plan's
// start on a 2-core machine, see docs/BENCHMARKS.md). They load on first real use, so closure
// serialization still works. Import this first, before anything that imports @pulumi/pulumi.

import Module from "node:module";

const DEFERRED = new Set(["typescript", "@npmcli/arborist"]);

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const originalLoad = loader._load;

function lazy(load: () => object): object {
  let real: object | undefined;
  const target = () => (real ??= load());
  return new Proxy(
    {},
    {
      // `__esModule` lets TypeScript's __importStar hand the proxy through without enumerating it.
      get: (_t, key) => (key === "__esModule" ? true : Reflect.get(target(), key)),
      has: (_t, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_t, key) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), key);
        return d === undefined ? d : { ...d, configurable: true };
      },
    },
  );
}

loader._load = function (request, parent, isMain) {
  const from = (parent as { filename?: string } | undefined)?.filename ?? "";
  if (DEFERRED.has(request) && from.includes("@pulumi")) {
    return lazy(() => originalLoad.call(this, request, parent, isMain) as object);
  }
  return originalLoad.call(this, request, parent, isMain);
};

// A plan registers thousands of resources, each with dozens of output properties, and each
// output holds several promises. Two SDK diagnostics dominate that cost (measured in
// docs/BENCHMARKS.md): every promise captures a stack trace and is kept for leak reports, and
// every resource walks the whole stack for its source position. A plan is a short-lived
// process that prints neither, so it turns both off. Only the plan and promote CLIs import this.
Error.stackTraceLimit = 0;
// The SDK's modules require each other in a cycle: entered at an inner module (as the patches
// below do), `runtime/index` runs while `closure/serializeClosure` is half loaded and keeps an
// undefined `pulumi.runtime.serializeFunction` for the life of the process. Loading the package
// from its root first keeps the SDK's own order (the hook above is already in place).
require("@pulumi/pulumi");
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
};
debuggable.debuggablePromise = (p) => p;
const { Resource } = require("@pulumi/pulumi/resource") as {
  Resource: { stackTrace: (skip?: number) => unknown[] };
};
Resource.stackTrace = () => [];

// A dynamic resource's provider is serialized to source text by parsing its closure with the
// TypeScript compiler: seconds of a plan's start, for text that only the engine's real
// deployment runs. The plan records a marker instead (shown as such in the plan's inputs).
export const PLAN_PROVIDER_MARKER = "[dynamic provider: serialized by the engine at deploy time]";
const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
  serializeFunction: (
    f: unknown,
    args?: unknown,
  ) => Promise<{ text: string; containsSecrets: boolean }>;
};
closure.serializeFunction = async () => ({ text: PLAN_PROVIDER_MARKER, containsSecrets: false });
