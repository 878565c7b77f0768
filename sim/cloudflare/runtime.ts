// Runs each uploaded script in its own workerd (miniflare) on 127.0.0.1 with the uploaded modules
// and bindings: a new upload starts a fresh instance and replaces the old one only once it started,
// so a script that fails to start is refused (10021) and the previous version keeps serving.

import { Miniflare, Response as MfResponse, type MiniflareOptions } from "miniflare";
import type { ScriptVersion } from "./upload";

/** A Worker's `fetch()` to the outside world, answered by the simulator (never the internet). */
export type OutboundHandler = (request: Request) => Promise<Response>;

export interface LogLine {
  readonly level: string;
  readonly message: string;
}

interface Instance {
  readonly mf: Miniflare;
  readonly url: string;
  readonly logs: LogLine[];
}

/** Log lines kept per script; the oldest go first (the Worker logs one line per request or so). */
const MAX_LOG_LINES = 2_000;

export class WorkerRuntime {
  readonly #instances = new Map<string, Instance>();
  /** Serializes deploys of one script, so two uploads cannot race to replace each other. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(private readonly outbound: OutboundHandler) {}

  /** Starts `version` for `script`; resolves to an error message if workerd refused it. */
  deploy(script: string, version: ScriptVersion): Promise<string | undefined> {
    const previous = this.#queues.get(script) ?? Promise.resolve();
    const next = previous.then(() => this.#deploy(script, version));
    this.#queues.set(
      script,
      next.catch(() => undefined),
    );
    return next;
  }

  async #deploy(script: string, version: ScriptVersion): Promise<string | undefined> {
    const logs: LogLine[] = [];
    const mf = new Miniflare(this.#options(version, logs));
    try {
      const url = (await mf.ready).href.replace(/\/$/, "");
      const old = this.#instances.get(script);
      this.#instances.set(script, { mf, url, logs });
      await old?.mf.dispose();
      return undefined;
    } catch {
      await mf.dispose().catch(() => undefined);
      // workerd logs why it refused ("Uncaught SyntaxError: …", "No such module …").
      const reason = logs
        .filter((l) => l.level === "error")
        .map((l) =>
          l.message.replace(/^service core:user:[^:]*: /, "").replace(/file:\/\/\S*\//g, ""),
        )
        .join("\n");
      return reason || "the Worker failed to start";
    }
  }

  async remove(script: string): Promise<void> {
    const instance = this.#instances.get(script);
    this.#instances.delete(script);
    await instance?.mf.dispose();
  }

  /** The loopback URL of the script's workerd (it changes when the script is uploaded again). */
  localUrl(script: string): string | undefined {
    return this.#instances.get(script)?.url;
  }

  /** What the script logged (console.* lines), oldest first. */
  logs(script: string): readonly LogLine[] {
    return this.#instances.get(script)?.logs ?? [];
  }

  /** Sends a request to the script with its URL as given, so the Worker sees its own hostname. */
  async dispatch(script: string, url: string, init: RequestInit): Promise<Response> {
    const instance = this.#instances.get(script);
    if (instance === undefined) throw new TypeError(`no running Worker for script ${script}`);
    // credentials "omit": otherwise undici treats a 401 to a POST with a body as an auth
    // challenge and fails (test/worker/support/receiver.ts has the same note).
    const res = await instance.mf.dispatchFetch(url, {
      ...init,
      credentials: "omit",
      redirect: "manual",
    } as never);
    const nullBody = res.status === 101 || res.status === 204 || res.status === 304;
    return new Response(nullBody ? null : await res.arrayBuffer(), {
      status: res.status,
      statusText: res.statusText,
      headers: [...res.headers.entries()],
    });
  }

  async close(): Promise<void> {
    const all = [...this.#instances.values()];
    this.#instances.clear();
    await Promise.all(all.map((i) => i.mf.dispose()));
  }

  #options(version: ScriptVersion, logs: LogLine[]): MiniflareOptions {
    const bindings = Object.fromEntries(version.bindings.map((b) => [b.name, b.value]));
    const common = {
      compatibilityDate: version.compatibilityDate,
      compatibilityFlags: [...version.compatibilityFlags],
      bindings: bindings as Record<string, string>,
      host: "127.0.0.1",
      port: 0,
      outboundService: async (request: unknown) => {
        const answer = await this.outbound(await toNodeRequest(request as MfRequestLike));
        return new MfResponse(await answer.arrayBuffer(), {
          status: answer.status,
          headers: [...answer.headers.entries()],
        });
      },
      handleStructuredLogs: ({ level, message }: { level: string; message: string }) => {
        logs.push({ level, message });
        if (logs.length > MAX_LOG_LINES) logs.shift();
      },
    };
    if (version.mainModule === undefined) {
      const part = version.modules.find((m) => m.name === version.bodyPart)!;
      return { ...common, script: part.contents.toString("utf8"), modules: false };
    }
    // The entry module first: miniflare takes the first module as the entry point.
    const ordered = [
      ...version.modules.filter((m) => m.name === version.mainModule),
      ...version.modules.filter((m) => m.name !== version.mainModule),
    ];
    return {
      ...common,
      modules: ordered.map((m) => ({
        type: m.type,
        path: m.name,
        contents:
          m.type === "Text" || m.type === "ESModule" || m.type === "CommonJS"
            ? m.contents.toString("utf8")
            : new Uint8Array(m.contents),
      })),
    };
  }
}

interface MfRequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: Iterable<[string, string]>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** miniflare hands over its own undici Request; the simulator's handlers take Node's. */
async function toNodeRequest(request: MfRequestLike): Promise<Request> {
  const body =
    request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return new Request(request.url, { method: request.method, headers: [...request.headers], body });
}
