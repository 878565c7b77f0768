// The DPoP dynamic provider as the engine runs it: serialized with Pulumi's closure serializer,
// loaded back from text like the dynamic provider host does, and driven against the Okta
// simulator, which stores what a provider write sends (a PUT without the flag stores false) and
// authorizes each call by its spec scope and the caller's admin roles. What this does not prove:
// that a real org accepts DPoP with client_credentials (an open question: docs/DPOP.md).

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { appDpopProvider, type AppDpopState } from "../../components/appDpop";
import { APP, DEPLOYER, dpopInputs, startDpopOrg, withEnv, type DpopOrg } from "./support/dpopOrg";
import { serializeProvider, type LoadedProvider } from "./support/serializedProvider";

const NOT_CAPTURED = "00SerializedProviderTestToken0000000000000";
let serialized: string;
let provider: LoadedProvider<AppDpopState>;
let okta: DpopOrg;

beforeAll(async () => {
  // Set before serializing: the text must not capture it.
  await withEnv({ OKTA_API_TOKEN: NOT_CAPTURED }, async () => {
    ({ text: serialized, provider } = await serializeProvider(appDpopProvider, "dpop-provider.js"));
  });
});
afterEach(async () => {
  await okta?.close();
});

/** An org whose app has `dpop`; the provider acts with a super admin's API token. */
async function start(dpop: boolean) {
  okta = await startDpopOrg({ dpop });
  okta.forget();
}
const asAdmin = <T>(run: () => Promise<T>) => withEnv({ OKTA_API_TOKEN: okta.ssws }, run);
const inputs = (over: Partial<AppDpopState> = {}) => dpopInputs(okta.url, over);

describe("serialized provider", () => {
  it("captures no credential and no Pulumi object", () => {
    expect(serialized).not.toContain(NOT_CAPTURED);
    expect(serialized).not.toMatch(/require\(["']@pulumi\/pulumi/);
    // A serialized Error subclass loses its message (PROVIDERS.md, "Engine facts").
    expect(serialized).not.toContain("__super: global.Error");
  });

  it("create: turns DPoP off as Moveworks needs, keyed by the app id, state = inputs", async () => {
    await start(true);
    const result = await asAdmin(() => provider.create(inputs()));
    expect(result).toEqual({ id: APP, outs: inputs() });
    expect(okta.flag()).toBe(false);
  });

  it("update after an app revision re-applies a flag the provider's PUT reset", async () => {
    await start(true);
    await asAdmin(() => provider.create(inputs({ requireDpop: true })));
    await okta.rewriteAsTheProviderDoes();
    const before = inputs({ requireDpop: true });
    const after = inputs({ requireDpop: true, appRevision: "rev-2" });
    const diff = await asAdmin(() => provider.diff(APP, before, after));
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await asAdmin(() => provider.update(APP, before, after));
    expect(okta.flag()).toBe(true);
  });

  it("an app rewritten with no input change: the next diff sees DPoP off, the update restores it", async () => {
    await start(true);
    await asAdmin(() => provider.create(inputs({ requireDpop: true })));
    // The Okta provider's full PUT (a perma-diff field, a refresh, a JWKS reorder) carries no
    // true flag, and Okta stores false (PROVIDERS.md; the simulator's dpopFlagDefaultsFalse).
    await okta.rewriteAsTheProviderDoes();
    expect(okta.flag()).toBe(false);
    const same = inputs({ requireDpop: true });
    expect(await asAdmin(() => provider.diff(APP, same, same))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await asAdmin(() => provider.update(APP, same, same));
    expect(okta.flag()).toBe(true);
    // Converged: the next preview is empty.
    expect(await asAdmin(() => provider.diff(APP, same, same))).toMatchObject({ changes: false });
  });

  it("diff: a new app id replaces; throttle changes alone change nothing", async () => {
    await start(true);
    const replaced = await asAdmin(() =>
      provider.diff(APP, inputs(), inputs({ appId: "0oaOther" })),
    );
    expect(replaced).toMatchObject({ changes: true, replaces: ["appId"] });
    // A replacement reads nothing: the new app id may not even be known yet (preview).
    expect(okta.requests).toEqual([]);
    const throttle = { maxRetries: 9, minWaitSeconds: 1, maxWaitSeconds: 2, requestTimeout: 3 };
    const on = inputs({ requireDpop: true });
    expect(await asAdmin(() => provider.diff(APP, on, { ...on, throttle }))).toMatchObject({
      changes: false,
    });
  });

  it("read (refresh) reports the flag as Okta has it, or the resource gone with its app", async () => {
    await start(true);
    expect(await asAdmin(() => provider.read(APP, inputs({ requireDpop: false })))).toEqual({
      id: APP,
      props: inputs({ requireDpop: true }),
    });
    okta.sim.state.apps.delete(APP);
    expect(await asAdmin(() => provider.read(APP, inputs()))).toEqual({});
  });

  it("delete restores nothing and sends no request", async () => {
    await start(true);
    await asAdmin(() => provider.delete(APP, inputs()));
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
    okta = await startDpopOrg({
      dpop: true,
      deployer: { scopes: ["okta.apps.read", "okta.apps.manage", "okta.roles.manage"], dpop: true },
    });
    okta.forget();
    const env = okta.deployerEnv("okta.apps.read,okta.apps.manage,okta.roles.manage");
    await withEnv(env, () => provider.create(inputs()));
    expect(okta.flag()).toBe(false);
    // No proof, then Okta's nonce round trip, then DPoP-bound API calls.
    expect(okta.requests.map((r) => r.headers["authorization"]?.split(" ")[0] ?? "token")).toEqual([
      "token",
      "token",
      "token",
      "DPoP",
      "DPoP",
    ]);
    // Only what the write needs, not everything the deploying app holds.
    expect(tokenScopes()).toEqual(["okta.apps.read okta.apps.manage"]);
    expect(
      okta.sim.recorder.calls.filter((c) => c.caller === DEPLOYER).map((c) => c.status),
    ).toEqual([400, 400, 200, 200, 200]);
  });

  it("fails with Okta's reason when the credential is refused", async () => {
    await start(true);
    await expect(
      withEnv({ OKTA_API_TOKEN: "00NotAnIssuedToken0000000000000000000000000" }, () =>
        provider.create(inputs()),
      ),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("HTTP 401 E0000011: Invalid token provided"),
    });
  });
});

describe("least privilege (the drift job's read-only credential)", () => {
  it("refresh and diff (preview --refresh) ask Okta for okta.apps.read alone", async () => {
    okta = await startDpopOrg({ dpop: true, deployer: { scopes: ["okta.apps.read"] } });
    okta.forget();
    const env = okta.deployerEnv("okta.apps.read");
    const read = await withEnv(env, () => provider.read(APP, inputs()));
    expect(read).toEqual({ id: APP, props: inputs({ requireDpop: true }) });
    const same = inputs({ requireDpop: true });
    expect(await withEnv(env, () => provider.diff(APP, same, same))).toMatchObject({
      changes: false,
    });
    expect(okta.requests.filter((r) => r.method !== "POST").map((r) => r.method)).toEqual([
      "GET",
      "GET",
    ]);
    // The deploying app holds only okta.apps.read: asking for more would be invalid_scope.
    expect(tokenScopes()).toEqual(["okta.apps.read"]);
  });

  it("a write with a read-only credential fails before any request, naming okta.apps.manage", async () => {
    okta = await startDpopOrg({ dpop: true, deployer: { scopes: ["okta.apps.read"] } });
    okta.forget();
    const error = (await withEnv(okta.deployerEnv("okta.apps.read"), () =>
      provider.create(inputs()),
    ).catch((e: unknown) => e)) as { code: string; message: string };
    expect(error).toMatchObject({ code: "MISSING_SCOPE" });
    expect(error.message).toContain(
      `OKTA_API_SCOPES must include okta.apps.manage to write app ${APP} (PUT /api/v1/apps/{appId}); got okta.apps.read`,
    );
    expect(okta.requests).toEqual([]);
  });
});

describe("admin roles (terraform-provider-okta#2025)", () => {
  it("a least-privileged deployer writes the flag before the app holds a role, and is refused after", async () => {
    // An App Administrator may manage apps, but Okta refuses PUT /api/v1/apps/{id} of an app
    // that holds admin roles from anyone short of a super admin (the simulator's
    // adminRolesBlockAppUpdate). ServiceApp therefore assigns roles only after this write.
    okta = await startDpopOrg({
      dpop: true,
      deployer: { scopes: ["okta.apps.read", "okta.apps.manage"], roles: ["APP_ADMIN"] },
    });
    const env = okta.deployerEnv("okta.apps.read,okta.apps.manage");
    await withEnv(env, () => provider.create(inputs({ requireDpop: false })));
    expect(okta.flag()).toBe(false);

    okta.sim.seed({ clientRoles: { [APP]: [{ type: "READ_ONLY_ADMIN" }] } });
    const error = (await withEnv(env, () =>
      provider.update(APP, inputs(), inputs({ requireDpop: true })),
    ).catch((e: unknown) => e)) as { code: string; message: string };
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain(`PUT /api/v1/apps/${APP}: HTTP 403 E0000006`);
    expect(error.message).toMatch(/at least as privileged .*terraform-provider-okta#2025/);
    expect(okta.flag()).toBe(false);
  });
});

/** The `scope` of every token request. */
const tokenScopes = () => [
  ...new Set(
    okta.requests
      .filter((r) => r.path === "/oauth2/v1/token")
      .map((r) => new URLSearchParams(r.body).get("scope")),
  ),
];
