// `init`'s pure part: a new stack file in the shape of an example stack. The user's org goes in;
// every other environment-specific value (config/schema.ts `envSpecific`) becomes a FILL-ME
// placeholder that fails validation until it is set, so `plan` lists each one; labels are
// renamed for the new stack; ciphertext, the encryption salt and ESC environments of the
// example are left out (they belong to the example's own stack and secrets provider).

import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import { ConfigError } from "../../config/errors";
import { keyPath, parseStackConfig } from "../../config/parse";
import { parseStackRef, readProjectFile } from "../../config/project";
import { ENVIRONMENTS, OKTA_BASE_URLS, oktaSchema } from "../../config/schema";
import { missingSecrets, type MissingSecret } from "../../config/secrets";
import { didYouMean } from "../../config/suggest";
import { UsageError } from "./entry";
import { envSpecificFields } from "./envSpecific";
import { stackText } from "./promotion";
import { loadStack, REPO_ROOT } from "./stackFile";

/** What stands in for a value the user must set; no env-specific field accepts it. */
export const FILL_ME = "FILL-ME";

export interface InitOptions {
  /** The new stack, as pulumi --stack takes it. */
  readonly stack: string;
  readonly org: string;
  readonly baseUrl?: string;
  /** The example stack to copy the shape of. @default "dev" */
  readonly from?: string;
  readonly environment?: string;
  readonly root?: string;
  readonly stacksDir?: string;
}

export interface InitResult {
  readonly file: string;
  readonly stack: string;
  /** As given (fully qualified when it was), for the commands. */
  readonly stackRef: string;
  readonly from: string;
  readonly environment: string;
  readonly orgUrl: string;
  /** Keys left as FILL-ME, with what they hold. */
  readonly fill: { readonly key: string; readonly description: string }[];
  /** Values derived for the new stack (labels): check them. */
  readonly derived: { readonly key: string; readonly value: string }[];
  readonly secrets: MissingSecret[];
  /** Commands to run next, in order. */
  readonly next: string[];
  readonly text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function check(options: InitOptions, environments: readonly string[], fromEnv: string) {
  const org = oktaSchema.shape.orgName.safeParse(options.org);
  if (!org.success)
    throw new UsageError(
      `--org must be the Okta org name only, e.g. dev-123456 for https://dev-123456.okta.com; got ${JSON.stringify(options.org)}`,
    );
  const baseUrl = options.baseUrl ?? "okta.com";
  if (!OKTA_BASE_URLS.includes(baseUrl))
    throw new UsageError(
      `--base-url must be one of ${OKTA_BASE_URLS.join(", ")}; got ${JSON.stringify(baseUrl)}${didYouMean(baseUrl, OKTA_BASE_URLS)}`,
    );
  const environment =
    options.environment ?? (environments.includes(options.stack) ? options.stack : fromEnv);
  if (!environments.includes(environment))
    throw new UsageError(
      `--environment must be one of ${environments.join(", ")}; got ${JSON.stringify(environment)}${didYouMean(environment, environments)}`,
    );
  return { baseUrl, environment };
}

/** Replaces every leaf below a node with FILL-ME, keeping the node's shape. */
function placeholder(doc: Document, node: unknown): Node {
  if (isMap(node)) {
    const out = doc.createNode({}) as YAMLMap;
    for (const item of node.items) out.set(item.key, placeholder(doc, item.value));
    return out;
  }
  if (isSeq(node)) {
    const seq = doc.createNode([FILL_ME]) as Node & { flow?: boolean };
    seq.flow = true;
    return seq;
  }
  return doc.createNode(FILL_ME) as Node;
}

export async function initStack(options: InitOptions): Promise<InitResult> {
  const root = options.root ?? REPO_ROOT;
  const project = readProjectFile(root);
  const ref = parseStackRef(options.stack, project.name);
  const dir = options.stacksDir ?? project.stackConfigDir;
  const file = path.join(dir, `Pulumi.${ref.name}.yaml`);
  const shown = path.relative(process.cwd(), file);
  if (existsSync(file))
    throw new UsageError(
      `${shown} exists: init never overwrites a stack file (edit it, or choose another --stack)`,
    );
  const from = options.from ?? "dev";
  const source = await loadStack(from, { root, stacksDir: dir });
  const ns = project.name;
  let sourceConfig;
  try {
    sourceConfig = parseStackConfig({
      stack: source.stack,
      values: source.values,
      secretKeys: source.secretKeys,
      namespace: ns,
    }).config;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new UsageError(
      `--from ${from}: its config does not validate (npm run plan -- --stack ${from} lists why); choose another example`,
    );
  }
  const { baseUrl, environment } = check(options, ENVIRONMENTS, sourceConfig.environment);

  const doc = source.document.clone();
  // The example's secrets provider and ciphertext are its own; so are its ESC environments.
  for (const key of ["encryptionsalt", "secretsprovider", "encryptedkey", "environment"])
    doc.delete(key);
  const config = doc.get("config", true) as YAMLMap | undefined;
  if (!isMap(config)) throw new UsageError(`--from ${from}: its stack file has no config`);
  for (const item of [...config.items]) {
    const v = item.value as unknown;
    if (
      isMap(v) &&
      v.items.length === 1 &&
      isScalar(v.items[0]!.key) &&
      v.items[0]!.key.value === "secure"
    )
      config.delete(item.key);
  }

  const fill: InitResult["fill"] = [];
  const derived: InitResult["derived"] = [];
  const word = new RegExp(`\\b${escape(source.stack)}\\b`, "g");
  for (const field of envSpecificFields()) {
    // Every concrete path the pattern matches in the example (`*` is any app key).
    let places: { parent: YAMLMap; key: string; path: (string | number)[] }[] = [
      { parent: config, key: `${ns}:${field.path[0]}`, path: [field.path[0]!] },
    ];
    for (const seg of field.path.slice(1)) {
      places = places.flatMap((p) => {
        const node = p.parent.get(p.key, true) as unknown;
        if (!isMap(node)) return [];
        const keys =
          seg === "*"
            ? node.items.map((i) => String(isScalar(i.key) ? i.key.value : i.key))
            : [seg];
        return keys.map((k) => ({ parent: node, key: k, path: [...p.path, k] }));
      });
    }
    for (const p of places) {
      const node = p.parent.get(p.key, true) as unknown;
      const key = keyPath(p.path, ns);
      const at = field.path.join(".");
      if (at === "environment") p.parent.set(p.key, environment);
      else if (at === "okta.orgName") p.parent.set(p.key, options.org);
      else if (at === "okta.baseUrl") continue;
      else if (node === undefined) continue;
      else if (at === "serviceApps.*.label" && isScalar(node) && typeof node.value === "string") {
        const value = node.value.replace(word, ref.name);
        p.parent.set(p.key, value);
        derived.push({ key, value });
      } else {
        const replaced = placeholder(doc, node);
        replaced.comment = ` fill in: ${field.description ?? "this environment's value"}`;
        p.parent.set(p.key, replaced);
        fill.push({ key, description: field.description ?? "this environment's value" });
      }
    }
  }
  const okta = config.get(`${ns}:okta`, true) as unknown as YAMLMap;
  okta.set("baseUrl", baseUrl);

  doc.commentBefore =
    ` ${ref.name}: made by npm run init from ${source.stack}. Values marked ${FILL_ME} identify\n` +
    ` your environment: set them, then npm run plan -- --stack ${ref.name} shows what is left.\n` +
    ` Secrets are never written here in plain text: set them with\n` +
    `   pulumi config set --secret ${ns}:<key> --stack ${ref.given}`;
  const text = stackText(doc);
  // `wx`: a file that appeared since the check above is not overwritten either.
  try {
    await writeFile(file, text, { flag: "wx" });
  } catch {
    throw new UsageError(
      `${shown}: cannot create it (it exists, or its directory cannot be written)`,
    );
  }

  const secrets = missingSecrets(sourceConfig, new Set(), ref.given, ns);
  const next = [
    `pulumi stack init ${ref.given}   # after pulumi login; records this stack's secrets provider in ${shown}`,
    ...secrets.map((s) => s.command),
    `npm run plan -- --stack ${ref.given}`,
    `npm run rehearse -- --stack ${ref.given}`,
    `pulumi preview --stack ${ref.given} --policy-pack policy`,
    `pulumi up --stack ${ref.given} --policy-pack policy`,
  ];
  return {
    file: shown,
    stack: ref.name,
    stackRef: ref.given,
    from: source.stack,
    environment,
    orgUrl: `https://${options.org}.${baseUrl}`,
    fill,
    derived,
    secrets,
    next,
    text,
  };
}
