// A scripted HTTP server on 127.0.0.1 for the Worker's upstreams: records every request, answers
// with a route's default handler unless a test queued responses (status, delay, dropped socket).

import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Route key chosen by the server's router (e.g. "token", "create"). */
  readonly key: string;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Answer after this long (a "hang" is a delay longer than the caller's timeout). */
  readonly delayMs?: number;
  /** Drop the connection without answering: a network error for the caller. */
  readonly destroy?: boolean;
}

export type Router = (request: Recorded) => { key: string; reply: () => Promise<Reply> | Reply };

export class FakeServer {
  readonly requests: Recorded[] = [];
  /** Requests per route key, kept even when `recording` is off (benchmarks). */
  readonly counts = new Map<string, number>();
  recording = true;
  /** Added before every reply that has no delay of its own: an upstream's round trip (benchmarks). */
  latencyMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  private readonly scripts = new Map<string, Reply[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: http.Server;
  url = "";

  constructor(private readonly router: Router) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  /** Queues replies for the next requests on `key`, used before the default handler. */
  script(key: string, ...replies: Reply[]): void {
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...replies]);
  }

  /** Forgets recorded requests and queued replies. */
  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
    this.maxInFlight = 0;
  }

  of(key: string): Recorded[] {
    return this.requests.filter((r) => r.key === key);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const partial = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    const route = this.router({ ...partial, key: "" });
    const recorded: Recorded = { ...partial, key: route.key };
    if (this.recording) this.requests.push(recorded);
    this.counts.set(route.key, (this.counts.get(route.key) ?? 0) + 1);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const reply = this.scripts.get(route.key)?.shift() ?? (await route.reply());
      const delayMs = reply.delayMs ?? this.latencyMs;
      if (delayMs) await this.delay(delayMs);
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      const body =
        reply.body === undefined
          ? ""
          : typeof reply.body === "string"
            ? reply.body
            : JSON.stringify(reply.body);
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(body);
    } catch (error) {
      res.writeHead(599, { "content-type": "text/plain" });
      res.end(`fake server error: ${String(error)}`);
    } finally {
      this.inFlight--;
    }
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** Polls `probe` until it returns something truthy, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  label: string,
  timeoutMs = 5000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
