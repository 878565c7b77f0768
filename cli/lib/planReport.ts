// Builds the plan report for one stack: evaluates the program offline and gathers resources,
// outputs, deployer scopes, policy findings and missing secrets into one documented, stable shape.

import { parseStackConfig } from "../../config/parse";
import { main } from "../../program";
import { missingSecrets, type MissingSecret, type SecretKey } from "../../config/secrets";
import { capabilityPlan, type PlannedCapability } from "./planCapabilities";
import { connectorPlan, type ConnectorPlan } from "./planConnectors";
import { deployerScopesFor, type DeployerScopes } from "./deployerScopes";
import { evaluateProgram, type ResourceRecord } from "./evaluate";
import { policyReport, type PolicyReport } from "./planPolicy";
import type { PlanValue } from "./planValue";
import { STACKS_DIR, readStackFile } from "./stackFile";

export const PLAN_FORMAT_VERSION = 1;

export interface PlanReport {
  readonly version: typeof PLAN_FORMAT_VERSION;
  readonly project: "oktaplane";
  readonly stack: string;
  readonly environment: string;
  readonly orgUrl: string;
  /**
   * The stack's own capabilities (oktaplane:capabilities), with the apps that use each; absent
   * in reports written before custom capabilities existed.
   */
  readonly customCapabilities?: PlannedCapability[];
  readonly resources: ResourceRecord[];
  readonly counts: { readonly total: number; readonly byType: Record<string, number> };
  /** Per enabled connector: the resources it adds (own and shared) and its manual steps. */
  readonly connectors: ConnectorPlan[];
  readonly outputs: Record<string, PlanValue>;
  readonly deployerScopes: DeployerScopes;
  /** The policy pack's rules over these resources (policy/rules.ts). */
  readonly policy: PolicyReport;
  readonly missingSecrets: MissingSecret[];
  readonly elapsedMs: number;
}

export interface PlanOptions {
  readonly stack: string;
  readonly stacksDir?: string;
  /** Secret values to use instead of the file's (encrypted) ones; tests only. */
  readonly secrets?: Partial<Record<SecretKey, string>>;
  /** The program to evaluate instead of program.ts; tests only (fixture programs). */
  readonly program?: () => Promise<Record<string, unknown>>;
}

export async function buildPlan(options: PlanOptions): Promise<PlanReport> {
  const started = performance.now();
  const file = await readStackFile(options.stack, options.stacksDir ?? STACKS_DIR);
  const values = { ...file.values };
  const secretKeys = new Set(file.secretKeys);
  for (const [key, value] of Object.entries(options.secrets ?? {})) {
    values[`oktaplane:${key}`] = value;
    secretKeys.add(`oktaplane:${key}`);
  }

  // Validate first: a bad config registers nothing.
  const parsed = parseStackConfig({ stack: options.stack, values, secretKeys });
  const evaluation = await evaluateProgram({
    project: "oktaplane",
    stack: options.stack,
    config: values,
    secretKeys,
    program: options.program ?? (() => main({ missingSecrets: "placeholder" })),
  });

  const byType: Record<string, number> = {};
  for (const r of evaluation.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const { okta } = parsed.config;
  return {
    version: PLAN_FORMAT_VERSION,
    project: "oktaplane",
    stack: options.stack,
    environment: parsed.config.environment,
    orgUrl: `https://${okta.orgName}.${okta.baseUrl}`,
    customCapabilities: capabilityPlan(parsed.config),
    resources: evaluation.resources,
    counts: { total: evaluation.resources.length, byType: sortKeys(byType) },
    connectors: connectorPlan(options.stack, parsed.config, evaluation.resources),
    outputs: evaluation.outputs,
    deployerScopes: deployerScopesFor(evaluation.resources),
    policy: policyReport(options.stack, parsed.config, evaluation.resources),
    missingSecrets: missingSecrets(parsed.config, parsed.secretsPresent, options.stack),
    elapsedMs: Math.round(performance.now() - started),
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
