// Reads a JSON request body with a hard size cap: checks Content-Type, rejects a declared length
// over the cap before reading, and stops a chunked body as soon as it passes the cap.

import { RequestError } from "./errors";

export async function readJson(request: Request, limitBytes: number): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new RequestError("unsupported_media_type", 415, `content-type "${type.slice(0, 60)}"`);
  }
  const length = request.headers.get("content-length");
  const declared = length === null ? NaN : Number(length);
  if (declared > limitBytes) throw tooLarge(limitBytes);

  // A declared length is enforced by the runtime, so the body can be read in one go; only a
  // chunked body of unknown length needs the capped reader.
  const text = Number.isFinite(declared)
    ? await request.text()
    : await readCapped(request, limitBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError("malformed_json", 400, "body is not JSON");
  }
}

async function readCapped(request: Request, limitBytes: number): Promise<string> {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

function tooLarge(limitBytes: number): RequestError {
  return new RequestError("payload_too_large", 413, `body over ${limitBytes} bytes`);
}
