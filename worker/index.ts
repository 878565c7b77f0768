// Worker entry point: builds the receiver on the first request (validating the bindings once),
// tags every request with an id, and maps anything thrown to a response in one place.

import { createApp, type App } from "./app";
import type { Env } from "./env";
import { createLogger } from "./log";
import { errorResponse } from "./respond";

/** One receiver per isolate: its token cache and seen-event ids live as long as the isolate. */
let app: Promise<App> | undefined;

async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const requestId = crypto.randomUUID();
  const log = createLogger(requestId);
  let response: Response;
  try {
    app ??= createApp(env);
    response = await (await app).handle(request, ctx, log);
  } catch (error) {
    response = errorResponse(error, log);
  }
  response.headers.set("x-request-id", requestId);
  return response;
}

export default { fetch: handle } satisfies ExportedHandler<Env>;
