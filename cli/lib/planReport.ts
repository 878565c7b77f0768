// Builds the plan report for one stack: evaluates the program offline and gathers resources,
// outputs, deployer scopes, policy findings and missing secrets into one documented, stable shape.

import { builtInConnectors, type ConnectorRegistry } from "../../components/connectors/registry";
import { parseStackConfig } from "../../config/parse";
import { main } from "../../program";
import { missingSecrets, type MissingSecret, type SecretKey } from "../../config/secrets";
import { capabilityPlan, type PlannedCapability } from "./planCapabilities";
import { connectorPlan, type ConnectorPlan } from "./planConnectors";
import { deployerScopesFor, readOnlyScopesFor, type DeployerScopes } from "./deployerScopes";
import { withEscValues, type EscReport, type EscValues } from "./esc";
import type { PlanDiff } from "./planDiff";
import { evaluateProgram, type ResourceRecord } from "./evaluate";
import { policyReport, type PolicyReport } from "./planPolicy";
import type { PlanValue } from "./planValue";
import { loadStack } from "./stackFile";

export const PLAN_FORMAT_VERSION = 1;

/** A secret still to set; `environments` when ESC environments may supply it (unchecked). */
export interface PlanSecret extends MissingSecret {
  readonly environments?: string[];
}

export interface PlanReport {
  readonly version: typeof PLAN_FORMAT_VERSION;
  /** Pulumi.yaml's `name`: the project, and the namespace of its config keys. */
  readonly project: string;
  /** The stack's own name (a fully qualified `--stack` is reduced to it). */
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
  /** What a read-only credential (PR previews, the drift job's preview --refresh) needs. */
  readonly readOnlyScopes: DeployerScopes;
  /** The policy pack's rules over these resources (policy/rules.ts). */
  readonly policy: PolicyReport;
  readonly missingSecrets: PlanSecret[];
  /** ESC environments of the stack and what they supply (absent in reports of older versions). */
  readonly esc?: EscReport;
  /** With `--against` / `--base`: what changes from that earlier plan. */
  readonly diff?: PlanDiff;
  readonly elapsedMs: number;
}

export interface PlanOptions {
  /** As the user gives it: `dev`, `acme/dev` or `acme/oktaplane/dev`. */
  readonly stack: string;
  readonly stacksDir?: string;
  /** Another project root (its Pulumi.yaml); tests only. */
  readonly root?: string;
  /** Opened ESC environments (`--esc-values`), in the stack's order. */
  readonly escValues?: readonly EscValues[];
  /** Secret values to use instead of the file's (encrypted) ones; tests only. */
  readonly secrets?: Readonly<Record<SecretKey, string>>;
  /** The program to evaluate instead of program.ts; tests only (fixture programs). */
  readonly program?: () => Promise<Record<string, unknown>>;
  /** The connectors the stack may enable. @default the built-in ones */
  readonly connectors?: ConnectorRegistry;
}

export async function buildPlan(options: PlanOptions): Promise<PlanReport> {
  const started = performance.now();
  const loaded = await loadStack(options.stack, {
    ...(options.stacksDir === undefined ? {} : { stacksDir: options.stacksDir }),
    ...(options.root === undefined ? {} : { root: options.root }),
  });
  const namespace = loaded.project.name;
  const stack = loaded.ref.name;
  const esc = withEscValues(loaded, loaded.fileValues, namespace, options.escValues ?? []);
  const { values, secretKeys } = esc;
  for (const [key, value] of Object.entries(options.secrets ?? {})) {
    values[`${namespace}:${key}`] = value;
    secretKeys.add(`${namespace}:${key}`);
  }

  // Validate first: a bad config registers nothing.
  const connectors = options.connectors ?? builtInConnectors;
  const parsed = parseStackConfig({ stack, values, secretKeys, namespace, connectors });
  const evaluation = await evaluateProgram({
    project: namespace,
    stack,
    config: values,
    secretKeys,
    program: options.program ?? (() => main({ missingSecrets: "placeholder", connectors })),
  });
  const checked = options.escValues !== undefined && options.escValues.length > 0;
  const unchecked = loaded.environments.length > 0 && !checked ? loaded.environments : undefined;

  const byType: Record<string, number> = {};
  for (const r of evaluation.resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const { okta } = parsed.config;
  return {
    version: PLAN_FORMAT_VERSION,
    project: namespace,
    stack,
    environment: parsed.config.environment,
    orgUrl: `https://${okta.orgName}.${okta.baseUrl}`,
    customCapabilities: capabilityPlan(parsed.config),
    resources: evaluation.resources,
    counts: { total: evaluation.resources.length, byType: sortKeys(byType) },
    connectors: connectorPlan(stack, parsed.config, evaluation.resources, connectors),
    outputs: evaluation.outputs,
    deployerScopes: deployerScopesFor(evaluation.resources),
    readOnlyScopes: readOnlyScopesFor(evaluation.resources),
    policy: policyReport(stack, parsed.config, evaluation.resources, connectors),
    missingSecrets: missingSecrets(
      parsed.config,
      parsed.secretsPresent,
      loaded.ref.given,
      namespace,
      connectors,
    ).map((m) => (unchecked === undefined ? m : { ...m, environments: [...unchecked] })),
    esc: { environments: loaded.environments, checked, supplied: esc.supplied },
    elapsedMs: Math.round(performance.now() - started),
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
