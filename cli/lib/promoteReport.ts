// Builds the promotion report: what `--from` → `--to` changes in the target's config (never an
// env-specific value), in the target's plan (resources added, removed, changed) and which
// secrets the target must still set. Writes the target stack file only when asked to.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError, type ConfigProblem } from "../../config/errors";
import { builtInConnectors, type ConnectorRegistry } from "../../components/connectors/registry";
import { parseStackConfig } from "../../config/parse";
import type { StackConfig } from "../../config/schema";
import {
  isSecretKeyName,
  missingSecrets,
  type MissingSecret,
  type SecretKey,
} from "../../config/secrets";
import { UsageError } from "./entry";
import { envSpecificPatterns } from "./envSpecific";
import { buildPlan, type PlanOptions } from "./planReport";
import {
  applyToDocument,
  diffResources,
  promoteConfig,
  rawConfigOf,
  stackText,
  type ConfigChange,
  type ConfigPromotion,
  type RawConfig,
  type KeptValue,
  type ResourceDiff,
} from "./promotion";
import { loadStack, parseStackText, type LoadedStack, type StackFile } from "./stackFile";

export const PROMOTE_FORMAT_VERSION = 1;

export interface PromotionReport {
  readonly version: typeof PROMOTE_FORMAT_VERSION;
  readonly from: string;
  readonly to: string;
  /** The target stack file, relative to the working directory. */
  readonly file: string;
  readonly config: {
    readonly changes: ConfigChange[];
    /** Env-specific values that differ; never copied. */
    readonly kept: KeptValue[];
    /** Why the promoted config would not validate (typically env-specific values to set first). */
    readonly problems: ConfigProblem[];
  };
  /** The target's plan now vs after promotion; `null` when either config does not validate. */
  readonly resources: ResourceDiff | null;
  readonly missingSecrets: MissingSecret[];
  /** Things a reviewer must act on that do not stop the promotion (a new app with no label). */
  readonly warnings: string[];
  readonly written: boolean;
}

export interface PromoteOptions {
  readonly from: string;
  readonly to: string;
  readonly write?: boolean;
  readonly stacksDir?: string;
  /** Another project root (its Pulumi.yaml); tests only. */
  readonly root?: string;
  /** Program to plan instead of program.ts; tests only. */
  readonly program?: PlanOptions["program"];
  /** The connectors the stacks may enable. @default the built-in ones */
  readonly connectors?: ConnectorRegistry;
}

function presentSecrets(
  file: StackFile,
  namespace: string,
  connectors: ConnectorRegistry,
): Set<SecretKey> {
  const names = [...file.secretKeys]
    .filter((k) => k.startsWith(`${namespace}:`))
    .map((k) => k.slice(namespace.length + 1));
  return new Set(names.filter((name) => isSecretKeyName(name, connectors)));
}

/** The validated config of a stack file, or its problems. */
function validate(
  file: StackFile,
  namespace: string,
  projectConfig: Readonly<Record<string, string>>,
  connectors: ConnectorRegistry,
): { config: StackConfig } | { problems: ConfigProblem[] } {
  try {
    return parseStackConfig({
      stack: file.stack,
      values: { ...projectConfig, ...file.values },
      secretKeys: file.secretKeys,
      namespace,
      connectors,
    });
  } catch (e) {
    if (e instanceof ConfigError) return { problems: [...e.problems] };
    throw e;
  }
}

/** Throws ConfigError when the source itself is invalid: there is nothing sound to promote. */
/**
 * An app the promotion adds to the target arrives without the env-specific values the source
 * has for it (never copied): say so, since its label then defaults to its key and its groups
 * to none.
 */
function newAppWarnings(promotion: ConfigPromotion, previous: RawConfig, file: string): string[] {
  const existing = new Set(Object.keys((previous["serviceApps"] ?? {}) as object));
  return promotion.kept.flatMap((k) => {
    const [root, app, ...rest] = k.path.split(".");
    if (root !== "serviceApps" || app === undefined || existing.has(app)) return [];
    if (k.source === undefined || k.target !== undefined) return [];
    const what = rest.join(".");
    return [
      what === "label"
        ? `serviceApps.${app} is new here and has no label: Okta would call it "${app}"; set serviceApps.${app}.label in ${file}`
        : what === "groups"
          ? `serviceApps.${app} is new here and has no groups (never copied): its group-scoped capabilities would apply to every group; set serviceApps.${app}.groups in ${file}`
          : `serviceApps.${app} is new here and has no ${what} (never copied): set serviceApps.${app}.${what} in ${file}`,
    ];
  });
}

export async function promote(options: PromoteOptions): Promise<PromotionReport> {
  const where = {
    ...(options.stacksDir === undefined ? {} : { stacksDir: options.stacksDir }),
    ...(options.root === undefined ? {} : { root: options.root }),
  };
  const source: LoadedStack = await loadStack(options.from, where);
  const target: LoadedStack = await loadStack(options.to, where);
  if (source.stack === target.stack)
    throw new UsageError(`--from and --to name the same stack (${source.stack})`);
  const namespace = target.project.name;
  const projectConfig = target.project.config;
  const connectors = options.connectors ?? builtInConnectors;
  const sourceCheck = validate(source, namespace, projectConfig, connectors);
  if ("problems" in sourceCheck) throw new ConfigError(source.stack, sourceCheck.problems);

  const previous = rawConfigOf(target.document, namespace, connectors);
  const promotion = promoteConfig(
    rawConfigOf(source.document, namespace, connectors),
    previous,
    envSpecificPatterns(connectors.stackSchema),
  );
  const document = target.document.clone();
  applyToDocument(document, promotion.merged, previous, namespace);
  const text = stackText(document);
  const after = parseStackText(target.stack, target.file, text);
  const afterCheck = validate(after, namespace, projectConfig, connectors);
  const problems = "problems" in afterCheck ? afterCheck.problems : [];

  // Secrets are never promoted: what the promoted config needs that the target has not set.
  const needs = "config" in afterCheck ? afterCheck.config : sourceCheck.config;
  const secrets = missingSecrets(
    needs,
    presentSecrets(target, namespace, connectors),
    target.ref.given,
    namespace,
    connectors,
  );
  const file = path.relative(process.cwd(), target.file);

  let resources: ResourceDiff | null = null;
  if (
    problems.length === 0 &&
    !("problems" in validate(target, namespace, projectConfig, connectors))
  ) {
    const planned = { stack: target.stack, program: options.program, connectors, ...where };
    const dir = options.stacksDir ?? target.project.stackConfigDir;
    const before = await buildPlan({ ...planned, stacksDir: dir });
    const scratch = await mkdtemp(path.join(tmpdir(), "oktaplane-promote-"));
    try {
      await writeFile(path.join(scratch, path.basename(target.file)), text);
      const promoted = await buildPlan({ ...planned, stacksDir: scratch });
      resources = diffResources(before.resources, promoted.resources);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  const written = options.write === true && problems.length === 0 && promotion.changes.length > 0;
  if (written) await writeFile(target.file, text);
  return {
    version: PROMOTE_FORMAT_VERSION,
    from: source.stack,
    to: target.stack,
    file,
    config: { changes: promotion.changes, kept: promotion.kept, problems },
    resources,
    missingSecrets: secrets,
    warnings: newAppWarnings(promotion, previous, file),
    written,
  };
}
