// Loopback HTTP server plumbing shared by the Okta, Cloudflare and Twilio simulators.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Listens on 127.0.0.1 only (nothing a simulator serves is for another host). A handler that
 * throws answers 500 instead of crashing the process; `onError` decides the body.
 */
export async function startServer(
  handler: Handler,
  options: {
    readonly port?: number;
    readonly onError: (res: ServerResponse, err: unknown) => void;
  },
): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) options.onError(res, err);
        else res.destroy();
      });
  });
  // Idle connections stay open longer than the clients driving a simulator keep theirs: 90 s in
  // Go's net/http DefaultTransport and hashicorp/go-cleanhttp (the Okta provider's client is built
  // on it), 4 s in undici (Node's fetch). A server that closes an idle socket first races the
  // client's next request on it, and the reset that can follow is the simulator's own artefact,
  // not something the code under test should have to survive. close() ends them at once.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Thrown by readBody past its limit; each simulator maps it to its API's own error shape. */
export class BodyTooLarge extends Error {
  override readonly name = "BodyTooLarge";
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The request's path and query. Clients pointed at a simulator through a proxy setting (the Okta
 * provider's `httpProxy`) may send the absolute form `GET http://127.0.0.1:P/api/v1/… HTTP/1.1`
 * (PROVIDERS.md, "Pointing the real providers at a simulator"): parse with a base either way.
 */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? "/", "http://sim.invalid");
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { "content-type": "application/json" }),
    "content-length": Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}
