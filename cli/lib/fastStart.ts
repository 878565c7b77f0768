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
