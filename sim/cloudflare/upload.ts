// Reads a Workers script upload (`PUT /accounts/{id}/workers/scripts/{name}`, multipart/form-data)
// as terraform-provider-cloudflare v5 sends it: one part per module, named and filenamed by the
// module name, and a `metadata` JSON part (workers_script/model.go MarshalMultipart, custom.go
// writeFileBytes; developers.cloudflare.com/workers/configuration/multipart-upload-metadata).

import { createHash } from "node:crypto";
import { CF, refuse, value, type Result } from "./errors";

/** The module kinds the runtime takes, by the part's Content-Type. */
export type ModuleType = "ESModule" | "CommonJS" | "Text" | "Data" | "CompiledWasm";

const MODULE_TYPES: Readonly<Record<string, ModuleType>> = {
  // The provider's default for `main_module` uploads (model.go).
  "application/javascript+module": "ESModule",
  "text/javascript+module": "ESModule",
  "text/javascript": "ESModule",
  // The provider's default for service-worker uploads (`body_part` "script", model.go).
  "application/javascript": "CommonJS",
  "text/plain": "Text",
  "application/octet-stream": "Data",
  "application/wasm": "CompiledWasm",
};

export interface UploadedModule {
  readonly name: string;
  readonly type: ModuleType;
  readonly contentType: string;
  readonly contents: Buffer;
}

/** The binding kinds the simulator runs (the ones components/workerBindings.ts declares, + json). */
export const SIMULATED_BINDINGS = ["plain_text", "secret_text", "json"] as const;
export type BindingType = (typeof SIMULATED_BINDINGS)[number];

export interface Binding {
  readonly name: string;
  readonly type: BindingType;
  /** `text` for plain_text/secret_text, the parsed `json` for json. */
  readonly value: unknown;
}

export interface ScriptVersion {
  /** The entry module's part name; undefined for a service-worker upload (`body_part`). */
  readonly mainModule: string | undefined;
  readonly bodyPart: string | undefined;
  readonly modules: readonly UploadedModule[];
  readonly bindings: readonly Binding[];
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
  readonly logpush: boolean;
  /** Hex SHA-256 over the modules: changes exactly when the code does. */
  readonly etag: string;
}

/** multipart-upload-metadata: without compatibility_date, the oldest date before any flag. */
export const DEFAULT_COMPATIBILITY_DATE = "2021-11-02";
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const BINDING_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export async function parseUpload(
  contentType: string | undefined,
  body: Buffer,
): Promise<Result<ScriptVersion>> {
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType ?? "")) {
    return refuse(
      CF.invalid(
        `Content-Type: must be multipart/form-data with a boundary (one part per module and a metadata part); got ${JSON.stringify(contentType ?? "")}`,
      ),
    );
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType! } }).formData();
  } catch {
    return refuse(CF.invalid("multipart body: could not be parsed against its boundary"));
  }
  const metadataPart = form.get("metadata");
  if (metadataPart === null) {
    return refuse(
      CF.invalid("metadata: part missing; an upload needs a metadata part with main_module"),
    );
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(
      typeof metadataPart === "string" ? metadataPart : await metadataPart.text(),
    );
  } catch {
    return refuse(CF.malformedJson());
  }
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    return refuse(CF.invalid("metadata: must be a JSON object"));
  }
  const meta = metadata as Record<string, unknown>;

  const modules: UploadedModule[] = [];
  for (const [name, part] of form.entries()) {
    if (name === "metadata") continue;
    if (typeof part === "string") {
      return refuse(
        CF.invalid(
          `part ${JSON.stringify(name)}: a module part needs a filename and a Content-Type`,
        ),
      );
    }
    const partType = part.type.split(";")[0]!.trim().toLowerCase();
    const type = MODULE_TYPES[partType];
    if (type === undefined) {
      return refuse(
        CF.invalid(
          `part ${JSON.stringify(name)}: Content-Type ${JSON.stringify(part.type)} is not a module type; allowed: ${Object.keys(MODULE_TYPES).join(", ")}`,
        ),
      );
    }
    modules.push({
      name,
      type,
      contentType: partType,
      contents: Buffer.from(await part.arrayBuffer()),
    });
  }

  const mainModule = optionalString(meta.main_module);
  const bodyPart = optionalString(meta.body_part);
  if (mainModule === undefined && bodyPart === undefined) {
    return refuse(CF.invalid("metadata.main_module: required (the part name of the entry module)"));
  }
  const entry = mainModule ?? bodyPart!;
  // workerd's own wording when the entry point is missing.
  if (!modules.some((m) => m.name === entry)) {
    return refuse(CF.invalid(`No such module "${entry}".`));
  }

  const bindings = readBindings(meta.bindings);
  if (!bindings.ok) return bindings;

  const date = meta.compatibility_date ?? DEFAULT_COMPATIBILITY_DATE;
  if (typeof date !== "string" || !DATE.test(date)) {
    return refuse(
      CF.invalid(`metadata.compatibility_date: must be YYYY-MM-DD; got ${JSON.stringify(date)}`),
    );
  }
  const flags = meta.compatibility_flags ?? [];
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === "string")) {
    return refuse(CF.invalid("metadata.compatibility_flags: must be an array of strings"));
  }
  if (meta.usage_model !== undefined && meta.usage_model !== "standard") {
    return refuse(
      CF.invalid(
        `metadata.usage_model: the only allowed value is "standard"; got ${JSON.stringify(meta.usage_model)}`,
      ),
    );
  }
  const hash = createHash("sha256");
  for (const m of modules) hash.update(m.name).update("\0").update(m.contents);
  return value({
    mainModule,
    bodyPart: mainModule === undefined ? bodyPart : undefined,
    modules,
    bindings: bindings.value,
    compatibilityDate: date,
    compatibilityFlags: flags as string[],
    logpush: meta.logpush === true,
    etag: hash.digest("hex"),
  });
}

function readBindings(raw: unknown): Result<Binding[]> {
  if (raw === undefined) return value([]);
  if (!Array.isArray(raw)) return refuse(CF.invalid("metadata.bindings: must be an array"));
  const seen = new Set<string>();
  const out: Binding[] = [];
  for (const [i, item] of raw.entries()) {
    const b = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const name = b.name;
    if (typeof name !== "string" || !BINDING_NAME.test(name)) {
      return refuse(CF.invalid(`metadata.bindings[${i}].name: must be a JavaScript identifier`));
    }
    if (seen.has(name)) return refuse(CF.invalid(`metadata.bindings: ${name} is bound twice`));
    seen.add(name);
    const type = b.type;
    if (!(SIMULATED_BINDINGS as readonly unknown[]).includes(type)) {
      return refuse(
        CF.invalid(
          `binding ${name} of type ${JSON.stringify(type)} is not simulated; allowed: ${SIMULATED_BINDINGS.join(", ")}`,
        ),
      );
    }
    if (type === "json") {
      if (!("json" in b)) return refuse(CF.invalid(`binding ${name} of type json must have json`));
      out.push({ name, type, value: b.json });
    } else {
      // The wording Cloudflare uses for a binding missing its field ("binding DB of type d1 must
      // have a valid `id` specified [code: 10021]", wrangler output).
      if (typeof b.text !== "string") {
        return refuse(
          CF.invalid(
            `binding ${name} of type ${type as string} must have a valid \`text\` specified`,
          ),
        );
      }
      out.push({ name, type: type as BindingType, value: b.text });
    }
  }
  return value(out);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
