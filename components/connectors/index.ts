// declareConnectors: builds every connector a stack enables (as a registry lists them), creating
// each shared piece (API token import, Okta Verify push, hook receiver and its app, telephony
// hook) once however many connectors use it, and returns the bundles to export as the
// `connectors` stack output.

import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../config/types";
import type { DeclareEnv } from "./connector";
import type { ServiceAppLike } from "./deps";
import { apiTokenImportOf } from "./footprint";
import type { BundleOutput } from "./lift";
import { builtInConnectors, type ConnectorRegistry } from "./registry";
import { sharedPieceMakers } from "./sharedPieces";
import { connectorContext } from "./sheet";

export type { ConnectorDeps } from "./deps";
export { SharedPieces } from "./sharedPieces";

/** What declareConnectors reads: config/load.ts's LoadedConfig satisfies it. */
export interface ConnectorsInput {
  readonly stack: string;
  readonly config: StackConfig;
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
}

export interface DeclaredConnectors {
  /** By connector id: export as the `connectors` stack output (components/outputs.ts). */
  readonly bundles: Partial<Record<string, BundleOutput>>;
  /** Service apps connectors created, by logical name: export them with `serviceApps` too. */
  readonly serviceApps: Record<string, ServiceAppLike>;
}

/**
 * Declares every connector the config enables. `opts` applies to each top-level component (pass
 * the Okta provider through `providers`). Throws a TypeError when a connector needs a dependency
 * that is not passed (`deps.serviceApp`, `deps.twilio`).
 */
export function declareConnectors(
  input: ConnectorsInput,
  deps: DeclareEnv["deps"],
  opts: pulumi.ComponentResourceOptions = {},
  registry: ConnectorRegistry = builtInConnectors,
): DeclaredConnectors {
  const { config, secrets } = input;
  const context = connectorContext(input.stack, config);
  const bundles: Partial<Record<string, BundleOutput>> = {};
  const serviceApps: Record<string, ServiceAppLike> = {};
  const shared = sharedPieceMakers({
    context,
    secrets,
    tokenImport: apiTokenImportOf(config, registry),
    receiverDpop: config.hookReceiver?.requireDpop ?? true,
    deps,
    opts,
    serviceApps,
    need,
  });
  const env: DeclareEnv = { context, config, secrets, deps, shared, opts, need };

  for (const { connector, block } of registry.enabled(config)) {
    const declared = connector.declare(block, env);
    Object.assign(serviceApps, declared.serviceApps ?? {});
    bundles[connector.id] = declared.bundle;
  }
  return { bundles, serviceApps };
}

function need<T>(dep: T | undefined, who: string, what: string): T {
  if (dep === undefined)
    throw new TypeError(`${who} needs ${what}; pass it to declareConnectors (see deps.ts)`);
  return dep;
}
