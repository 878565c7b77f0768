// Runs the policy pack's rules over the plan's resource records, so `npm run plan` reports the
// same findings that `pulumi preview --policy-pack policy` would (and a few the pack cannot see).

import type { ConnectorRegistry } from "../../components/connectors/registry";
import type { StackConfig } from "../../config/schema";
import { contextFromConfig } from "../../policy/context";
import { evaluateRules, type CheckedResource, type Finding } from "../../policy/rules";
import type { ResourceRecord } from "./evaluate";

export interface PolicyReport {
  /** Every violation; `enforcementLevel: "mandatory"` ones make `plan` exit non-zero. */
  readonly findings: Finding[];
}

/** The policy view of the plan's records: ancestors by name, secrets already "[secret]". */
export function checkedResources(records: readonly ResourceRecord[]): CheckedResource[] {
  const byUrn = new Map(records.map((r) => [r.urn, r]));
  return records.map((r) => {
    const ancestors: string[] = [];
    for (let p = r.parent; p !== null; p = byUrn.get(p)?.parent ?? null) {
      const parent = byUrn.get(p);
      if (parent === undefined) break;
      ancestors.push(parent.name);
    }
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      ancestors,
      inputs: r.inputs,
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
    };
  });
}

export function policyReport(
  stack: string,
  config: StackConfig,
  records: readonly ResourceRecord[],
  connectors?: ConnectorRegistry,
): PolicyReport {
  const context = contextFromConfig(stack, config, connectors);
  return { findings: evaluateRules(checkedResources(records), context) };
}

export function mandatoryCount(report: PolicyReport): number {
  return report.findings.filter((f) => f.enforcementLevel === "mandatory").length;
}
