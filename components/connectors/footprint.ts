// What each enabled connector adds to a stack, from config alone (no Pulumi): the logical name of
// its component, the shared pieces it relies on, its sheet's title and what stays manual. The
// plan reports it beside the resources it found under those names.

import type { StackConfig } from "../../config/types";
import type { ConnectorBundle } from "../outputs";
import type { ApiTokenImport, Connector, LaterValue } from "./connector";
import { builtInConnectors, type ConnectorRegistry } from "./registry";
import { SHARED_PIECES, type SharedPiece } from "./shared";
import { connectorContext } from "./sheet";

export type { LaterValue };

export interface ConnectorFootprint {
  readonly id: string;
  readonly title: string;
  /** Logical name of the connector's own top-level component. */
  readonly root: string;
  /** Logical names of the shared top-level components it uses (created once per stack). */
  readonly shared: readonly string[];
  /** The sheet's field names, in order (values are known only after deployment). */
  readonly fields: readonly string[];
  readonly manualSteps: readonly string[];
}

/** Stands in for values only a deployment knows. */
const LATER = "";

/** The token import an enabled connector configures; one token serves every connector. */
export function apiTokenImportOf(
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): ApiTokenImport | undefined {
  for (const { connector, block } of registry.enabled(config)) {
    const wanted = connector.apiTokenImport?.(block);
    if (wanted !== undefined) return wanted;
  }
  return undefined;
}

/** Whether `oktaplane:oktaApiToken` is imported as an okta.ApiToken (its id is configured). */
export function importsApiToken(
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): boolean {
  return apiTokenImportOf(config, registry) !== undefined;
}

function enabledBlock(
  id: string,
  config: StackConfig,
  registry: ConnectorRegistry,
): { connector: Connector; block: unknown } {
  const found = registry.enabled(config).find((e) => e.connector.id === id);
  if (found === undefined) throw new TypeError(`connector ${id} is not enabled in this config`);
  return found;
}

/** Whether a connector hands out `oktaplane:oktaApiToken`. */
export function usesApiToken(
  id: string,
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): boolean {
  const found = registry.enabled(config).find((e) => e.connector.id === id);
  return found?.connector.usesApiToken?.(found.block) ?? false;
}

/** The shared pieces a connector relies on, in a fixed order (the token first). */
export function sharedPiecesOf(
  id: string,
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): SharedPiece[] {
  const found = registry.enabled(config).find((e) => e.connector.id === id);
  if (found === undefined) return [];
  const { connector, block } = found;
  return [
    ...(usesApiToken(id, config, registry) && importsApiToken(config, registry)
      ? (["apiToken"] as const)
      : []),
    ...(connector.sharedPieces?.(block) ?? []),
  ];
}

/**
 * The sheet an enabled connector emits, with deploy-time values left empty, or filled by `later`
 * (the plan passes markers to learn which field shows which value).
 */
export function connectorSheet(
  id: string,
  stack: string,
  config: StackConfig,
  later: (value: LaterValue) => string = () => LATER,
  registry: ConnectorRegistry = builtInConnectors,
): ConnectorBundle {
  const { connector, block } = enabledBlock(id, config, registry);
  return connector.sheet(connectorContext(stack, config), block, later);
}

/** Every enabled connector's footprint, in registry order. */
export function connectorFootprints(
  stack: string,
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): ConnectorFootprint[] {
  return registry.enabled(config).map(({ connector }) => {
    const sheet = connectorSheet(connector.id, stack, config, () => LATER, registry);
    return {
      id: connector.id,
      title: sheet.title,
      root: connector.id,
      shared: sharedPiecesOf(connector.id, config, registry).map((p) => SHARED_PIECES[p]),
      fields: sheet.fields.map((f) => (f.form === undefined ? f.name : `${f.form} › ${f.name}`)),
      manualSteps: sheet.manualSteps,
    };
  });
}
