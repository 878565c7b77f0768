// Failures of the DPoP setting as the engine reports them: thrown by the serialized provider
// (the text the engine loads), each with a stable code and a message that names the app and says
// what to do. The engine prints only `message`, so an empty one is an unexplained failed deploy.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appDpopProvider, type AppDpopState } from "../../components/appDpop";
import type { Behaviours } from "../../sim/okta";
import { APP, startDpopOrg, type DpopOrg } from "./support/dpopOrg";
import { serializeProvider, type LoadedProvider } from "./support/serializedProvider";

let provider: LoadedProvider<AppDpopState>;
let okta: DpopOrg | undefined;
const savedEnv = { ...process.env };

beforeAll(async () => {
  ({ provider } = await serializeProvider(appDpopProvider, "dpop-provider.js"));
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await okta?.close();
  okta = undefined;
});
afterAll(() => {
  process.env = savedEnv;
});

/** The simulator with the app (unless `app` is false); the provider acts with a super admin's token. */
async function start(app = true, behaviours: Partial<Behaviours> = {}) {
  okta = await startDpopOrg(app ? { dpop: false, behaviours } : { behaviours });
  process.env["OKTA_API_TOKEN"] = okta.ssws;
  okta.forget();
  return okta;
}
const inputs = (orgUrl: string): AppDpopState => ({
  kind: "okta-app-dpop",
  orgUrl,
  appId: APP,
  requireDpop: true,
  appRevision: "rev-1",
  throttle: { maxRetries: 2, minWaitSeconds: 0, maxWaitSeconds: 0, requestTimeout: 10 },
});

async function failure(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e as { code?: string; message: string },
  );
  if (error === undefined) throw new Error("expected the call to fail");
  return error;
}

describe("DPoP setting failures through the serialized provider", () => {
  it("403 E0000006: FORBIDDEN, naming the app, Okta's reason and the scopes and role to grant", async () => {
    // An API token of an admin without the app in scope: Okta's 403 for a missing role.
    const server = await start();
    process.env["OKTA_API_TOKEN"] = server.sim.sswsToken({
      name: "helpdesk",
      roles: ["HELP_DESK_ADMIN"],
    });
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toContain(
      "HTTP 403 E0000006: You do not have permission to perform the requested action",
    );
    expect(error.message).toMatch(/Fix: .*okta\.apps\.manage.*terraform-provider-okta#2025/);
  });

  it("404: NOT_FOUND, naming the app and saying to refresh", async () => {
    const server = await start(false);
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toMatch(/Fix: .*pulumi refresh/);
  });

  it("429 after every retry: RATE_LIMITED, naming the app and the retry settings", async () => {
    const server = await start();
    server.sim.faults.add("getApplication:429x10");
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toContain("HTTP 429 E0000047");
    expect(error.message).toMatch(/Fix: .*oktaplane:okta\.rateLimit\.maxRetries/);
  });

  it("no credential in the environment: NO_CREDENTIALS, naming the app and the variables", async () => {
    const server = await start();
    for (const name of ["OKTA_API_TOKEN", "OKTA_ACCESS_TOKEN", "OKTA_API_CLIENT_ID"])
      delete process.env[name];
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("NO_CREDENTIALS");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toMatch(/OKTA_API_TOKEN, or OKTA_API_CLIENT_ID/);
    expect(error.message).toMatch(/Fix: .*docs\/PROVIDER\.md/);
    expect(server.requests).toEqual([]);
  });

  it("an org that refuses DPoP with client_credentials: DPOP_REFUSED, saying to set requireDpop false", async () => {
    // The simulator as Okta's spec reads (dpop_bound_access_tokens: true disallows
    // client_credentials), not as the Admin Console behaves: the open question of docs/DPOP.md.
    const server = await start(true, { dpopWithClientCredentials: "spec" });
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("DPOP_REFUSED");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toContain("HTTP 400 E0000001");
    expect(error.message).toMatch(
      /Fix: .*requireDpop: false.*docs\/DPOP\.md|Fix: .*docs\/DPOP\.md.*requireDpop: false/,
    );
    expect(server.flag()).toBe(false);
  });
});
