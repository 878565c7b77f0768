// Per connector, what the plan found under its component and under the shared pieces it uses,
// what stays manual, and which handoff fields show values only a deployment knows (and what
// produces each): connector footprints (config) matched to resource records by name.

import {
  connectorFootprints,
  connectorSheet,
  type LaterValue,
} from "../../components/connectors/footprint";
import { builtInConnectors, type ConnectorRegistry } from "../../components/connectors/registry";
import type { StackConfig } from "../../config/schema";
import type { ResourceRecord } from "./evaluate";

export interface ConnectorResource {
  readonly type: string;
  readonly name: string;
  /** False for component resources (they group, Okta holds nothing for them). */
  readonly custom: boolean;
}

export interface ConnectorPlan {
  readonly id: string;
  readonly title: string;
  /** Resources under the connector's own component, the component first. */
  readonly resources: ConnectorResource[];
  /** Resources of shared pieces it uses; each is created once and listed under every user. */
  readonly shared: ConnectorResource[];
  readonly manualSteps: string[];
  /** Fields (`Form › Name`) whose value comes from a deployment, and from what. */
  readonly handoff?: HandoffSource[];
}

export interface HandoffSource {
  readonly field: string;
  readonly from: LaterValue[];
}

/**
 * Which sheet fields show which deploy-time value, learnt from the sheet builders themselves:
 * each value is given as a marker, and a field shows the values whose markers it contains
 * (Moveworks' Description embeds the client id, for one).
 */
export function handoffSources(
  id: string,
  stack: string,
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): HandoffSource[] {
  const marker = (v: LaterValue) => `\u0000${v}\u0000`;
  return connectorSheet(id, stack, config, marker, registry).fields.flatMap((f) => {
    const from = [...f.value.matchAll(/\u0000(\w+)\u0000/g)].map((m) => m[1] as LaterValue);
    if (from.length === 0) return [];
    return [
      { field: f.form === undefined ? f.name : `${f.form} › ${f.name}`, from: [...new Set(from)] },
    ];
  });
}

/** Records of top-level components with this logical name, and everything beneath them. */
function subtree(records: readonly ResourceRecord[], rootName: string): ResourceRecord[] {
  const byUrn = new Map(records.map((r) => [r.urn, r]));
  const isTopLevel = (r: ResourceRecord) =>
    r.parent === null ||
    !byUrn.has(r.parent) ||
    byUrn.get(r.parent)!.type === "pulumi:pulumi:Stack";
  const inTree = new Set(
    records.filter((r) => r.name === rootName && isTopLevel(r)).map((r) => r.urn),
  );
  // Records arrive parent-first from the SDK, but not necessarily: iterate to a fixed point.
  for (let grew = true; grew;) {
    grew = false;
    for (const r of records) {
      if (!inTree.has(r.urn) && r.parent !== null && inTree.has(r.parent)) {
        inTree.add(r.urn);
        grew = true;
      }
    }
  }
  return records.filter((r) => inTree.has(r.urn));
}

const brief = (r: ResourceRecord): ConnectorResource => ({
  type: r.type,
  name: r.name,
  custom: r.custom,
});

export function connectorPlan(
  stack: string,
  config: StackConfig,
  records: readonly ResourceRecord[],
  registry: ConnectorRegistry = builtInConnectors,
): ConnectorPlan[] {
  return connectorFootprints(stack, config, registry).map((f) => ({
    id: f.id,
    title: f.title,
    resources: subtree(records, f.root).map(brief),
    shared: f.shared.flatMap((name) => subtree(records, name)).map(brief),
    manualSteps: [...f.manualSteps],
    handoff: handoffSources(f.id, stack, config, registry),
  }));
}
