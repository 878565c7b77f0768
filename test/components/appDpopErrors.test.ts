// Failures of the DPoP setting as the engine reports them: thrown by the serialized provider
// (the text the engine loads), each with a stable code and a message that names the app and says
// what to do. The engine prints only `message`, so an empty one is an unexplained failed deploy.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appDpopProvider, type AppDpopState } from "../../components/appDpop";
import { serviceAppObject, startFakeOkta, type FakeOkta } from "./fakeOkta";
import { serializeProvider, type LoadedProvider } from "./support/serializedProvider";

const APP = "0oa1gjh63g214q0Hq0g4";
const TOKEN = "00SerializedErrorsTestToken00000000000000";

let provider: LoadedProvider<AppDpopState>;
let okta: FakeOkta | undefined;
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

async function start(apps: Record<string, Record<string, unknown>> = {}) {
  process.env["OKTA_API_TOKEN"] = TOKEN;
  okta = await startFakeOkta({ apiToken: TOKEN, apps });
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
    const server = await start({ [APP]: serviceAppObject(APP, false) });
    server.forbid(1);
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toContain(
      "HTTP 403 E0000006: You do not have permission to perform the requested action",
    );
    expect(error.message).toMatch(/Fix: .*okta\.apps\.manage.*terraform-provider-okta#2025/);
  });

  it("404: NOT_FOUND, naming the app and saying to refresh", async () => {
    const server = await start();
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toMatch(/Fix: .*pulumi refresh/);
  });

  it("429 after every retry: RATE_LIMITED, naming the app and the retry settings", async () => {
    const server = await start({ [APP]: serviceAppObject(APP, false) });
    server.rateLimit(10, 0);
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toContain("HTTP 429 E0000047");
    expect(error.message).toMatch(/Fix: .*oktaplane:okta\.rateLimit\.maxRetries/);
  });

  it("no credential in the environment: NO_CREDENTIALS, naming the app and the variables", async () => {
    const server = await start({ [APP]: serviceAppObject(APP, false) });
    for (const name of ["OKTA_API_TOKEN", "OKTA_ACCESS_TOKEN", "OKTA_API_CLIENT_ID"])
      delete process.env[name];
    const error = await failure(() => provider.create(inputs(server.url)));
    expect(error.code).toBe("NO_CREDENTIALS");
    expect(error.message).toContain(`DPoP setting of app ${APP} (${server.url})`);
    expect(error.message).toMatch(/OKTA_API_TOKEN, or OKTA_API_CLIENT_ID/);
    expect(error.message).toMatch(/Fix: .*docs\/PROVIDER\.md/);
    expect(server.requests).toEqual([]);
  });
});
