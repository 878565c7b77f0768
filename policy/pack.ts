// Adapts the rules (policy/rules.ts) to @pulumi/policy 1.21: each rule becomes a resource
// validation, the engine's resource becomes a CheckedResource with its secrets marked, and the
// stack's own config (as the engine hands it to the pack) gives the policy context.

import { readFileSync } from "node:fs";
import type { Policies, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { builtInConnectors, type ConnectorRegistry } from "../components/connectors/registry";
import { ConfigError } from "../config/errors";
import { NAMESPACE, parseStackConfig } from "../config/parse";
import { isSecretKeyName } from "../config/secrets";
import { fromWire, UNKNOWN, type PlanValue } from "../cli/lib/planValue";
import { parseStackText, stackFilePath } from "../cli/lib/stackFile";
import { contextFromConfig, contextWithoutConfig } from "./context";
import { RULES, type CheckedResource, type PolicyContext, type Rule } from "./rules";

// ---- secret-ness ----------------------------------------------------------------------------
// The engine sends a resource's inputs with secrets marked, but @pulumi/policy 1.21 unwraps them
// before a validation sees `props` (deserializeProperties(…, false) in its server.js), so a rule
// could not tell `pulumi.secret(x)` from `x`. The pack therefore keeps the wire form of each
// resource's inputs beside the props object it hands to the policies. This wraps an internal
// function: a @pulumi/policy upgrade that changes it fails loudly here, not silently.

interface WireStruct {
  toJavaScript(): Record<string, unknown>;
}
type Deserialize = (struct: WireStruct, proxySecrets: boolean) => Record<string, unknown>;

const wireInputs = new WeakMap<object, Record<string, unknown>>();
let capturing = false;

/** Starts keeping the wire form of inputs; call before the pack serves. Idempotent. */
export function captureWireInputs(): void {
  if (capturing) return;
  // A plain require: the module object itself is patched (an import namespace is read-only).
  const mod = require("@pulumi/policy/deserialize") as { deserializeProperties?: Deserialize };
  const original = mod.deserializeProperties;
  if (typeof original !== "function")
    throw new Error(
      "@pulumi/policy changed its internals (deserialize.deserializeProperties): policy/pack.ts " +
        "cannot observe secret inputs; pin @pulumi/policy 1.21 or update the pack",
    );
  mod.deserializeProperties = (struct, proxySecrets) => {
    const props = original(struct, proxySecrets);
    wireInputs.set(props, struct.toJavaScript());
    return props;
  };
  capturing = true;
}

// The policy SDK's sentinels for values unknown during preview (proxy.js), one per value kind.
const UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set(
  Object.entries(require("@pulumi/policy/proxy") as Record<string, unknown>)
    .filter(([k]) => /^unknown[A-Z]\w*Value$/.test(k))
    .map(([, v]) => v),
);

function normalizeUnknowns(value: unknown): unknown {
  if (UNKNOWN_SENTINELS.has(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(normalizeUnknowns);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeUnknowns(v)]));
  return value;
}

// @pulumi/policy's proxies answer this key with the object they wrap (proxy.js).
const PROXY_TARGET = "__getSpecialProxyTarget";

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → its parts. */
export function parseUrn(urn: string): {
  stack: string;
  project: string;
  type: string;
  name: string;
} {
  const [head = "", project = "", qualifiedType = "", ...name] = urn.split("::");
  const type = qualifiedType.split("$").pop() ?? "";
  return { stack: head.replace(/^urn:pulumi:/, ""), project, type, name: name.join("::") };
}

type ResourceArgs = Pick<ResourceValidationArgs, "urn" | "type" | "name" | "props" | "opts">;

/** The engine's view of one resource as the rules see it. */
export function checkedFromArgs(args: ResourceArgs): CheckedResource {
  const props = args.props as Record<string, unknown>;
  const target = (props[PROXY_TARGET] as object | undefined) ?? props;
  const wire = wireInputs.get(target);
  if (wire === undefined)
    throw new Error(
      `policy/pack.ts: no wire inputs for ${args.urn}; captureWireInputs() must run before the pack serves`,
    );
  const parent = args.opts.parent ? parseUrn(args.opts.parent) : undefined;
  return {
    urn: args.urn,
    type: args.type,
    name: args.name,
    // Resource validations see only the direct parent; the stack itself is no component.
    ancestors: parent && parent.type !== "pulumi:pulumi:Stack" ? [parent.name] : [],
    inputs: fromWire(normalizeUnknowns(wire)) as Record<string, PlanValue>,
    protect: args.opts.protect === true,
    retainOnDelete: null,
  };
}

// ---- the stack's config ---------------------------------------------------------------------

/**
 * The policy context for a stack. Pulumi CLIs that pass stack config to policy packs set
 * PULUMI_CONFIG (`ns:key` → string, as a program gets it); older ones do not, and the pack then
 * reads stacks/Pulumi.<stack>.yaml from this repository (secret values are not needed). The
 * program's keys are those of its project's namespace: the project in the resources' URNs, which
 * is Pulumi.yaml's `name` whatever a user renamed it to.
 */
export function loadContext(
  stack: string,
  env: NodeJS.ProcessEnv = process.env,
  connectors: ConnectorRegistry = builtInConnectors,
  namespace: string = NAMESPACE,
): PolicyContext {
  let values: Record<string, string>;
  try {
    values = env["PULUMI_CONFIG"]
      ? (JSON.parse(env["PULUMI_CONFIG"]) as Record<string, string>)
      : parseStackText(stack, stackFilePath(stack), readFileSync(stackFilePath(stack), "utf8"))
          .values;
  } catch {
    return contextWithoutConfig(stack);
  }
  const ours = Object.fromEntries(
    Object.entries(values).filter(([k]) => k.startsWith(`${namespace}:`)),
  );
  // Secret keys are secret by name; their values are never read here.
  const secretKeys = new Set(
    Object.keys(ours).filter((k) => isSecretKeyName(k.slice(namespace.length + 1), connectors)),
  );
  try {
    const { config } = parseStackConfig({ stack, values: ours, secretKeys, connectors, namespace });
    return contextFromConfig(stack, config, connectors);
  } catch (e) {
    if (e instanceof ConfigError) return contextWithoutConfig(stack);
    throw e;
  }
}

// ---- rules → policies -----------------------------------------------------------------------

export function rulePolicy(
  rule: Rule,
  contextFor: (stack: string, project: string) => PolicyContext,
): ResourceValidationPolicy {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    remediationSteps: rule.remediation,
    validateResource: (args, reportViolation) => {
      if (!rule.types.includes(args.type)) return;
      const resource = checkedFromArgs(args);
      // The URN's stack is the bare name (PULUMI_STACK may be qualified: org/project/stack).
      const { stack, project } = parseUrn(args.urn);
      for (const message of rule.check(resource, contextFor(stack, project)))
        reportViolation(`${message}\nFix: ${rule.remediation}`);
    },
  };
}

/** The pack's policies: one resource validation per rule, sharing one context per stack. */
export function packPolicies(
  rules: readonly Rule[] = RULES,
  contextFor: (stack: string, project: string) => PolicyContext = (stack, project) =>
    loadContext(stack, process.env, builtInConnectors, project),
): Policies {
  captureWireInputs();
  const contexts = new Map<string, PolicyContext>();
  const cached = (stack: string, project: string) => {
    const key = `${project}::${stack}`;
    if (!contexts.has(key)) contexts.set(key, contextFor(stack, project));
    return contexts.get(key)!;
  };
  return rules.map((rule) => rulePolicy(rule, cached));
}
