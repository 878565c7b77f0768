// Pure reduction of Okta's OpenAPI documents to the request/response schemas the Okta simulator
// validates against (spec/okta-schemas.json): only the operations it implements, only the
// keywords a validator reads, discriminators turned into plain JSON Schema.
import YAML from "yaml";

export const OAUTH_SPEC_FILE = "okta-oauth-openapi-2026.06.3.yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** Keywords a JSON Schema validator acts on; descriptions, examples and x-okta-* are dropped. */
const KEPT = new Set([
  "type",
  "properties",
  "required",
  "items",
  "enum",
  "const",
  "allOf",
  "oneOf",
  "anyOf",
  "not",
  "$ref",
  "additionalProperties",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "uniqueItems",
  "readOnly",
  "writeOnly",
  "nullable",
  "discriminator",
  "format",
]);

export interface OperationSchemas {
  /** The JSON request body's schema, when the operation takes one. */
  readonly request?: Json;
  /** Set when the spec does not mark the body `required` (it may be left out). */
  readonly requestOptional?: true;
  /** The first 2xx response's JSON schema, keyed by its status. */
  readonly responses: Readonly<Record<string, Json>>;
}

export interface SchemaTable {
  readonly specVersion: string;
  readonly operations: Readonly<Record<string, OperationSchemas>>;
  readonly components: { readonly schemas: Readonly<Record<string, Json>> };
}

interface RawDoc {
  info: { version: string };
  paths: Record<string, Record<string, Obj>>;
  components: {
    schemas: Record<string, Obj>;
    responses?: Record<string, Obj>;
    requestBodies?: Record<string, Obj>;
  };
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const SCHEMA_REF = "#/components/schemas/";

/** Picks the JSON content of a body or response, following `#/components/{responses,requestBodies}`. */
function jsonContent(doc: RawDoc, node: Obj | undefined): Json | undefined {
  if (node === undefined) return undefined;
  const ref = node.$ref;
  if (typeof ref === "string") {
    const [, , kind, name] = ref.split("/");
    const target = (
      kind === "responses" ? doc.components.responses : doc.components.requestBodies
    )?.[name!];
    return jsonContent(doc, target);
  }
  const content = node.content;
  if (!isObj(content)) return undefined;
  const json = Object.entries(content).find(([type]) => type.includes("json"));
  return json && isObj(json[1]) ? json[1].schema : undefined;
}

/**
 * Rewrites one schema node: drops documentation keywords, turns OpenAPI 3.0 `nullable` into a
 * `null` type, and a `discriminator` with a `mapping` into if/then dispatch on the property.
 * `bases` names the schemas whose discriminator moved to `<name>__base`'s dispatcher.
 */
function clean(node: Json, bases: ReadonlySet<string>, inAllOf = false): Json {
  if (Array.isArray(node)) return node.map((n) => clean(n, bases, inAllOf));
  if (!isObj(node)) return node;
  if (typeof node.$ref === "string") {
    const name = node.$ref.slice(SCHEMA_REF.length);
    // A child's `allOf: [Base, …]` must not re-enter Base's dispatch (it would loop).
    return { $ref: inAllOf && bases.has(name) ? `${SCHEMA_REF}${name}__base` : node.$ref };
  }
  let out: Obj = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT.has(key)) continue;
    if (key === "properties" && isObj(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([p, s]) => [p, clean(s, bases)]),
      );
    } else if (key === "allOf") {
      out.allOf = clean(value, bases, true);
    } else if (key === "oneOf" && !isObj(node.discriminator)) {
      // Okta's spec writes overlapping alternatives as oneOf (a signing RSA JWK without `use`
      // matches both OAuth2ClientJsonSigningKeyResponse and …EncryptionKeyResponse); what Okta
      // accepts is "any of them".
      out.anyOf = clean(value, bases);
    } else if (key === "discriminator" || key === "nullable" || key === "format") {
      continue;
    } else {
      out[key] = clean(value, bases);
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined) out = { anyOf: [out, { type: "null" }] };
  }
  const disc = node.discriminator;
  if (isObj(disc) && isObj(disc.mapping) && typeof disc.propertyName === "string") {
    const prop = disc.propertyName;
    const dispatch = Object.entries(disc.mapping).map(([value, ref]) => ({
      if: { properties: { [prop]: { const: value } }, required: [prop] },
      then: { $ref: String(ref).startsWith("#") ? String(ref) : `${SCHEMA_REF}${String(ref)}` },
    }));
    // oneOf + discriminator: the mapping says which branch applies, so the oneOf goes (two
    // permissive branches would both match and fail "exactly one"), and the property must name
    // one of the mapped values.
    if (Array.isArray(out.oneOf)) {
      delete out.oneOf;
      out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), prop])];
      out.properties = {
        ...(isObj(out.properties) ? out.properties : {}),
        [prop]: { enum: Object.keys(disc.mapping) },
      };
    }
    out = {
      ...out,
      allOf: [...(Array.isArray(out.allOf) ? out.allOf : []), ...dispatch],
    };
  }
  return out;
}

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, into));
  else if (isObj(node)) {
    if (typeof node.$ref === "string" && node.$ref.startsWith(SCHEMA_REF)) {
      into.add(node.$ref.slice(SCHEMA_REF.length));
    }
    Object.values(node).forEach((v) => collectRefs(v, into));
  }
}

/** Schemas carrying a discriminator with a mapping whose targets extend them through allOf. */
function discriminatedBases(doc: RawDoc): Set<string> {
  const bases = new Set<string>();
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (isObj(schema.discriminator) && isObj(schema.discriminator.mapping)) bases.add(name);
  }
  return bases;
}

function parse(yamlText: string): RawDoc {
  return YAML.parse(yamlText, { maxAliasCount: -1 }) as RawDoc;
}

/**
 * The schemas of `operationIds` (Management spec) and `oauthOperationIds` (OAuth spec, whose
 * schema names are prefixed `oauth.` so the two documents cannot collide).
 */
export function compactSchemas(
  managementYaml: string,
  operationIds: readonly string[],
  oauthYaml?: string,
  oauthOperationIds: readonly string[] = [],
): SchemaTable {
  const operations: Record<string, OperationSchemas> = {};
  const schemas: Record<string, Json> = {};
  const mgmt = parse(managementYaml);
  collect(mgmt, operationIds, "", operations, schemas);
  if (oauthYaml !== undefined) {
    collect(parse(oauthYaml), oauthOperationIds, "oauth.", operations, schemas);
  }
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return { specVersion: mgmt.info.version, operations, components: { schemas: sorted } };
}

function collect(
  doc: RawDoc,
  ids: readonly string[],
  prefix: string,
  operations: Record<string, OperationSchemas>,
  schemas: Record<string, Json>,
): void {
  const bases = discriminatedBases(doc);
  const rename = (node: Json): Json => {
    if (prefix === "") return node;
    if (Array.isArray(node)) return node.map(rename);
    if (!isObj(node)) return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith(SCHEMA_REF)
          ? `${SCHEMA_REF}${prefix}${v.slice(SCHEMA_REF.length)}`
          : rename(v),
      ]),
    );
  };
  const wanted = new Set(ids);
  const pending = new Set<string>();
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (!isObj(op) || typeof op.operationId !== "string" || !wanted.has(op.operationId)) continue;
      wanted.delete(op.operationId);
      const body = isObj(op.requestBody) ? op.requestBody : undefined;
      const request = jsonContent(doc, body);
      const bodyRef = typeof body?.$ref === "string" ? body.$ref.split("/").pop()! : undefined;
      const required =
        (bodyRef === undefined ? body : doc.components.requestBodies?.[bodyRef])?.required === true;
      const responses: Record<string, Json> = {};
      for (const [status, response] of Object.entries(isObj(op.responses) ? op.responses : {})) {
        if (!status.startsWith("2") || !isObj(response)) continue;
        const schema = jsonContent(doc, response);
        if (schema !== undefined) responses[status] = rename(clean(schema, bases));
      }
      const entry: OperationSchemas = {
        ...(request === undefined ? {} : { request: rename(clean(request, bases)) }),
        ...(request !== undefined && !required ? { requestOptional: true as const } : {}),
        responses,
      };
      operations[op.operationId] = entry;
      collectRefs(entry as unknown as Json, pending);
    }
  }
  if (wanted.size > 0) {
    throw new TypeError(`operations not in the spec: ${[...wanted].join(", ")}`);
  }
  const done = new Set<string>();
  while (pending.size > 0) {
    const [full] = pending;
    pending.delete(full!);
    if (done.has(full!)) continue;
    done.add(full!);
    const local = full!.slice(prefix.length);
    const isBase = local.endsWith("__base");
    const name = isBase ? local.slice(0, -"__base".length) : local;
    const raw = doc.components.schemas[name];
    if (raw === undefined) throw new TypeError(`schema ${name} is not in the spec`);
    // `X__base` is X without its dispatch: what X's subtypes extend.
    const source = isBase ? { ...raw, discriminator: null } : raw;
    const schema = rename(clean(source, bases));
    schemas[full!] = schema;
    collectRefs(schema, pending);
  }
}
