// The Cloudflare provider's requests, byte for byte where it matters, for the simulator's tests:
// terraform-provider-cloudflare v5 workers_script/model.go MarshalMultipart + custom.go
// writeFileBytes over Go's mime/multipart, sent by cloudflare-go v6 (PUT, Bearer token).
// What this does not prove: that real Cloudflare accepts them; it reproduces what the provider sends.

import { randomBytes } from "node:crypto";
import type { CloudflareSim } from "../../../../sim/cloudflare/index";

export interface ProviderBinding {
  readonly name: string;
  readonly type: "plain_text" | "secret_text";
  readonly text: string;
}

export interface ProviderScript {
  readonly scriptName: string;
  readonly content: string;
  readonly mainModule: string;
  readonly compatibilityDate: string;
  readonly bindings: readonly ProviderBinding[];
}

/**
 * The multipart body MarshalMultipart writes: the module part first (name = filename = the main
 * module, Content-Type application/javascript+module), then `metadata` (no filename,
 * application/json). Go's Writer: a 60-hex-digit boundary, headers in sorted order, CRLF framing.
 * The metadata holds only the fields the program sets (apijson omits null and unknown values),
 * in the struct's field order: bindings, compatibility_date, main_module.
 */
export function providerMultipart(script: ProviderScript): { body: Buffer; contentType: string } {
  const boundary = randomBytes(30).toString("hex");
  const metadata = JSON.stringify({
    bindings: script.bindings.map((b) => ({ name: b.name, type: b.type, text: b.text })),
    compatibility_date: script.compatibilityDate,
    main_module: script.mainModule,
  });
  const part = (disposition: string, type: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${type}\r\n\r\n${content}`;
  const name = script.mainModule;
  const body = [
    part(
      `form-data; name="${name}"; filename="${name}"`,
      "application/javascript+module",
      script.content,
    ),
    part('form-data; name="metadata"', "application/json", metadata),
  ].join("\r\n");
  return {
    body: Buffer.from(`${body}\r\n--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** One API call as cloudflare-go makes it: base URL + path, Bearer token, JSON in and out. */
export async function cf(
  sim: CloudflareSim,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const res = await fetch(`${sim.baseUrl}${path.replace(/^\//, "")}`, {
    method,
    headers: {
      authorization: `Bearer ${sim.apiToken}`,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Raw answers (script content) are checked through `text`.
  }
  return { status: res.status, json, text };
}

/** workers.ScriptService.Update with the provider's multipart body. */
export function uploadScript(sim: CloudflareSim, script: ProviderScript): ReturnType<typeof cf> {
  const { body, contentType } = providerMultipart(script);
  return cfRaw(
    sim,
    "PUT",
    `accounts/${sim.accountId}/workers/scripts/${script.scriptName}`,
    body,
    contentType,
  );
}

/** A request with a body given as bytes and its own Content-Type (uploads, bad input). */
export async function cfRaw(
  sim: CloudflareSim,
  method: string,
  path: string,
  body: Buffer | string,
  contentType: string,
): ReturnType<typeof cf> {
  const res = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${sim.apiToken}`, "content-type": contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as Record<string, unknown>, text };
}

/** The first error of a failure envelope, for terse assertions. */
export function firstError(answer: { json: Record<string, unknown> }): {
  code: number;
  message: string;
} {
  const errors = answer.json.errors as { code: number; message: string }[];
  return errors[0]!;
}
