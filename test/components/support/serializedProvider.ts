// A dynamic provider as the engine runs it: serialized with Pulumi's closure serializer, then
// loaded back from that text the way @pulumi/pulumi's dynamic provider host does
// (`requireFromString(props.__provider).handler()`), so tests see what the engine would see.

import Module from "node:module";
import * as pulumi from "@pulumi/pulumi";

export type LoadedProvider<I, O = I> = Required<pulumi.dynamic.ResourceProvider<I, O>>;

export interface SerializedProvider<I, O = I> {
  /** The serialized text, as stored in the resource's `__provider` input. */
  readonly text: string;
  readonly provider: LoadedProvider<I, O>;
}

export async function serializeProvider<I, O = I>(
  provider: pulumi.dynamic.ResourceProvider<I, O>,
  file = "provider.js",
): Promise<SerializedProvider<I, O>> {
  const text = (await pulumi.runtime.serializeFunction(() => provider)).text;
  const host = new Module(file) as Module & { _compile(code: string, file: string): void };
  host.paths = module.paths;
  host._compile(text, file);
  return { text, provider: (host.exports as { handler(): LoadedProvider<I, O> }).handler() };
}
