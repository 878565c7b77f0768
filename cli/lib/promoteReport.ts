// Builds the promotion report: what `--from` → `--to` changes in the target's config (never an
// env-specific value), in the target's plan (resources added, removed, changed) and which
// secrets the target must still set. Writes the target stack file only when asked to.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError, type ConfigProblem } from "../../config/errors";
import { NAMESPACE, parseStackConfig } from "../../config/parse";
import type { StackConfig } from "../../config/schema";
import {
  isSecretKeyName,
  missingSecrets,
  type MissingSecret,
  type SecretKey,
} from "../../config/secrets";
import { envSpecificPatterns } from "./envSpecific";
import { buildPlan, type PlanOptions } from "./planReport";
import {
  applyToDocument,
  diffResources,
  promoteConfig,
  rawConfigOf,
  stackText,
  type ConfigChange,
  type KeptValue,
  type ResourceDiff,
} from "./promotion";
import { STACKS_DIR, parseStackText, readStackFile, type StackFile } from "./stackFile";

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
  readonly written: boolean;
}

export interface PromoteOptions {
  readonly from: string;
  readonly to: string;
  readonly write?: boolean;
  readonly stacksDir?: string;
  /** Program to plan instead of program.ts; tests only. */
  readonly program?: PlanOptions["program"];
}

function presentSecrets(file: StackFile): Set<SecretKey> {
  const names = [...file.secretKeys].map((k) => k.slice(NAMESPACE.length + 1));
  return new Set(names.filter(isSecretKeyName));
}

/** The validated config of a stack file, or its problems. */
function validate(file: StackFile): { config: StackConfig } | { problems: ConfigProblem[] } {
  try {
    return parseStackConfig({
      stack: file.stack,
      values: file.values,
      secretKeys: file.secretKeys,
    });
  } catch (e) {
    if (e instanceof ConfigError) return { problems: [...e.problems] };
    throw e;
  }
}

/** Throws ConfigError when the source itself is invalid: there is nothing sound to promote. */
export async function promote(options: PromoteOptions): Promise<PromotionReport> {
  const dir = options.stacksDir ?? STACKS_DIR;
  const source = await readStackFile(options.from, dir);
  const target = await readStackFile(options.to, dir);
  const sourceCheck = validate(source);
  if ("problems" in sourceCheck) throw new ConfigError(source.stack, sourceCheck.problems);

  const previous = rawConfigOf(target.document);
  const promotion = promoteConfig(rawConfigOf(source.document), previous, envSpecificPatterns());
  const document = target.document.clone();
  applyToDocument(document, promotion.merged, previous);
  const text = stackText(document);
  const after = parseStackText(target.stack, target.file, text);
  const afterCheck = validate(after);
  const problems = "problems" in afterCheck ? afterCheck.problems : [];

  // Secrets are never promoted: what the promoted config needs that the target has not set.
  const needs = "config" in afterCheck ? afterCheck.config : sourceCheck.config;
  const secrets = missingSecrets(needs, presentSecrets(target), target.stack);

  let resources: ResourceDiff | null = null;
  if (problems.length === 0 && !("problems" in validate(target))) {
    const planned = { stack: target.stack, program: options.program };
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
    file: path.relative(process.cwd(), target.file),
    config: { changes: promotion.changes, kept: promotion.kept, problems },
    resources,
    missingSecrets: secrets,
    written,
  };
}
