// Minimal ambient Workers types (the subset of @cloudflare/workers-types this Worker uses), so the
// Worker typechecks without adding that package; names match it so it can replace this file later.

interface ExecutionContext {
  /** Keeps the isolate alive until the promise settles (up to 30 s after the response). */
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

interface ExportedHandler<Env = unknown> {
  fetch?: (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;
}
