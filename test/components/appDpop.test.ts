// The DPoP dynamic provider as the engine runs it: serialized with Pulumi's closure serializer,
// loaded back from text like the dynamic provider host does, and driven against a local fake
// Okta. What this does not prove: that a real org stores the flag (the fake stores what it gets).

import { generateKeyPairSync } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appDpopProvider, type AppDpopState } from "../../components/appDpop";
import { serviceAppObject, startFakeOkta, type FakeOkta } from "./fakeOkta";
import { serializeProvider, type LoadedProvider } from "./support/serializedProvider";

const APP = "0oa1gjh63g214q0Hq0g4";
const TOKEN = "00SerializedProviderTestToken0000000000000";
let serialized: string;
let provider: LoadedProvider<AppDpopState>;
let okta: FakeOkta;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // Set before serializing: the text must not capture it.
  process.env["OKTA_API_TOKEN"] = TOKEN;
  ({ text: serialized, provider } = await serializeProvider(appDpopProvider, "dpop-provider.js"));
});
afterAll(() => {
  process.env = savedEnv;
});
afterEach(async () => {
  await okta?.close();
});

async function start(dpop: boolean) {
  okta = await startFakeOkta({ apiToken: TOKEN, apps: { [APP]: serviceAppObject(APP, dpop) } });
}
const inputs = (over: Partial<AppDpopState> = {}): AppDpopState => ({
  kind: "okta-app-dpop",
  orgUrl: okta.url,
  appId: APP,
  requireDpop: false,
  appRevision: "rev-1",
  throttle: { maxRetries: 2, minWaitSeconds: 0, maxWaitSeconds: 1, requestTimeout: 10 },
  ...over,
});
/** PUT the app back the way the Okta provider's update does: whole, with the flag false. */
async function rewriteAsTheProviderDoes() {
  const { _links, ...app } = serviceAppObject(APP, false);
  void _links;
  const res = await fetch(`${okta.url}/api/v1/apps/${APP}`, {
    method: "PUT",
    headers: { authorization: `SSWS ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(app),
  });
  expect(res.status).toBe(200);
}
const flag = () =>
  (okta.apps.get(APP)!["settings"] as { oauthClient: Record<string, unknown> }).oauthClient[
    "dpop_bound_access_tokens"
  ];

describe("serialized provider", () => {
  it("captures no credential and no Pulumi object", () => {
    expect(serialized).not.toContain(TOKEN);
    expect(serialized).not.toMatch(/require\(["']@pulumi\/pulumi/);
    // A serialized Error subclass loses its message (PROVIDERS.md, "Engine facts").
    expect(serialized).not.toContain("__super: global.Error");
  });

  it("create: turns DPoP off as Moveworks needs, keyed by the app id, state = inputs", async () => {
    await start(true);
    const result = await provider.create(inputs());
    expect(result).toEqual({ id: APP, outs: inputs() });
    expect(flag()).toBe(false);
  });

  it("update after an app revision re-applies a flag the provider's PUT reset", async () => {
    await start(true);
    await provider.create(inputs({ requireDpop: true }));
    // The Okta provider's app update replaced the app object without the flag.
    okta.apps.set(APP, serviceAppObject(APP, false));
    const diff = await provider.diff(
      APP,
      inputs({ requireDpop: true }),
      inputs({ requireDpop: true, appRevision: "rev-2" }),
    );
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await provider.update(
      APP,
      inputs({ requireDpop: true }),
      inputs({ requireDpop: true, appRevision: "rev-2" }),
    );
    expect(flag()).toBe(true);
  });

  it("an app rewritten with no input change: the next diff sees DPoP off, the update restores it", async () => {
    await start(true);
    await provider.create(inputs({ requireDpop: true }));
    // The Okta provider's full PUT (a perma-diff field, a refresh, a JWKS reorder) sends
    // dpop_bound_access_tokens: false (PROVIDERS.md); Okta stores what it is sent.
    await rewriteAsTheProviderDoes();
    expect(flag()).toBe(false);
    const same = inputs({ requireDpop: true });
    expect(await provider.diff(APP, same, same)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await provider.update(APP, same, same);
    expect(flag()).toBe(true);
    // Converged: the next preview is empty.
    expect(await provider.diff(APP, same, same)).toMatchObject({ changes: false });
  });

  it("diff: a new app id replaces; throttle changes alone change nothing", async () => {
    await start(true);
    expect(await provider.diff(APP, inputs(), inputs({ appId: "0oaOther" }))).toMatchObject({
      changes: true,
      replaces: ["appId"],
    });
    // A replacement reads nothing: the new app id may not even be known yet (preview).
    expect(okta.requests).toEqual([]);
    const throttle = { maxRetries: 9, minWaitSeconds: 1, maxWaitSeconds: 2, requestTimeout: 3 };
    const on = inputs({ requireDpop: true });
    expect(await provider.diff(APP, on, { ...on, throttle })).toMatchObject({ changes: false });
  });

  it("read (refresh) reports the flag as Okta has it, or the resource gone with its app", async () => {
    await start(true);
    expect(await provider.read(APP, inputs({ requireDpop: false }))).toEqual({
      id: APP,
      props: inputs({ requireDpop: true }),
    });
    okta.apps.delete(APP);
    expect(await provider.read(APP, inputs())).toEqual({});
  });

  it("delete restores nothing and sends no request", async () => {
    await start(true);
    await provider.delete(APP, inputs());
    expect(okta.requests).toEqual([]);
  });

  it("check refuses inputs that are not an app's DPoP setting", async () => {
    await start(true);
    const bad = {
      ...inputs(),
      kind: "other",
      appId: "",
      orgUrl: "ftp://x/y",
    } as unknown as AppDpopState;
    expect((await provider.check(inputs(), bad)).failures?.map((f) => f.property)).toEqual([
      "kind",
      "appId",
      "orgUrl",
    ]);
  });

  it("authenticates as the provider's own service app, DPoP included, from the environment", async () => {
    okta = await startDeployerOkta(["okta.apps.read", "okta.apps.manage"], true);
    await asDeployer(
      "okta.apps.read,okta.apps.manage,okta.appGrants.manage,okta.roles.manage",
      () => provider.create(inputs()),
    );
    expect(flag()).toBe(false);
    expect(okta.requests.map((r) => r.headers["authorization"]?.split(" ")[0] ?? "token")).toEqual([
      "token",
      "token",
      "token",
      "DPoP",
      "DPoP",
    ]);
    // Only what the write needs, not everything the deploying app holds.
    expect(tokenScopes()).toEqual(["okta.apps.read okta.apps.manage"]);
  });

  it("fails with Okta's reason when the credential is refused", async () => {
    okta = await startFakeOkta({
      apiToken: "not-this-one",
      apps: { [APP]: serviceAppObject(APP, true) },
    });
    await expect(provider.create(inputs())).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("HTTP 401 E0000011: Invalid token provided"),
    });
  });
});

describe("least privilege (the drift job's read-only credential)", () => {
  it("refresh and diff (preview --refresh) ask Okta for okta.apps.read alone", async () => {
    okta = await startDeployerOkta(["okta.apps.read"], false);
    const read = await asDeployer("okta.apps.read", () => provider.read(APP, inputs()));
    expect(read).toEqual({ id: APP, props: inputs({ requireDpop: true }) });
    const same = inputs({ requireDpop: true });
    const diff = await asDeployer("okta.apps.read", () => provider.diff(APP, same, same));
    expect(diff).toMatchObject({ changes: false });
    expect(okta.requests.filter((r) => r.method !== "POST").map((r) => r.method)).toEqual([
      "GET",
      "GET",
    ]);
    expect(tokenScopes()).toEqual(["okta.apps.read"]);
  });

  it("a write with a read-only credential fails before any request, naming okta.apps.manage", async () => {
    okta = await startDeployerOkta(["okta.apps.read"], false);
    const error = (await asDeployer("okta.apps.read", () => provider.create(inputs())).catch(
      (e: unknown) => e,
    )) as { code: string; message: string };
    expect(error).toMatchObject({ code: "MISSING_SCOPE" });
    expect(error.message).toContain(
      "OKTA_API_SCOPES must include okta.apps.manage to write app 0oa1gjh63g214q0Hq0g4 (PUT /api/v1/apps/{appId}); got okta.apps.read",
    );
    expect(okta.requests).toEqual([]);
  });
});

const deployerKey = generateKeyPairSync("ec", { namedCurve: "P-256" });

/** A fake Okta whose deploying service app holds exactly `scopes`. */
function startDeployerOkta(scopes: readonly string[], dpop: boolean) {
  return startFakeOkta({
    client: { clientId: "0oadeployer000000001", publicKey: deployerKey.publicKey, dpop, scopes },
    apps: { [APP]: serviceAppObject(APP, true) },
  });
}

/** Runs with the provider's OAuth variables set as a deploying app with OKTA_API_SCOPES = scopes. */
async function asDeployer<T>(scopes: string, run: () => Promise<T>): Promise<T> {
  const env = process.env;
  process.env = {
    ...env,
    OKTA_API_TOKEN: "",
    OKTA_API_CLIENT_ID: "0oadeployer000000001",
    OKTA_API_PRIVATE_KEY: deployerKey.privateKey
      .export({ type: "pkcs8", format: "pem" })
      .toString(),
    OKTA_API_PRIVATE_KEY_ID: "deployer-key",
    OKTA_API_SCOPES: scopes,
  };
  try {
    return await run();
  } finally {
    process.env = env;
  }
}

/** The `scope` of every successful token request. */
const tokenScopes = () => [
  ...new Set(
    okta.requests
      .filter((r) => r.path === "/oauth2/v1/token")
      .map((r) => new URLSearchParams(r.body).get("scope")),
  ),
];
