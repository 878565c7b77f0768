// OktaVerifyPush on Identity Engine against the Okta simulator's okta_verify authenticator (Okta's
// whole settings object, keys the stack never sends included): what the component declares, run
// through a model of the provider's adopt-read-diff (support/authenticatorDiff.ts), must converge
// on the first up and give an empty next preview. What this does not prove: the real provider's
// behaviour beyond its source (a rehearsal with the real engine does).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OktaVerifyPush } from "../../components/oktaVerifyPush";
import { startOktaSim, type OktaSim } from "../../sim/okta";
import { call } from "../sim/okta/support";
import { settingsDiffer, settingsInState } from "./support/authenticatorDiff";
import { installMocks, record } from "./mockRuntime";

const AUTHENTICATOR = "okta:index/authenticator:Authenticator";
let sim: OktaSim;
let oktaSettings: Record<string, unknown>;

beforeAll(async () => {
  await installMocks();
  sim = await startOktaSim();
  // The provider's soft create: GET /api/v1/authenticators, match by key, adopt it as it is.
  const ssws = sim.sswsToken({ name: "admin", roles: ["SUPER_ADMIN"] });
  const list = await call(sim, "GET", "/api/v1/authenticators", { ssws });
  const verify = (list.json as { key: string; settings: Record<string, unknown> }[]).find(
    (a) => a.key === "okta_verify",
  )!;
  oktaSettings = verify.settings;
});
afterAll(async () => {
  await sim?.close();
});

async function declared(args: ConstructorParameters<typeof OktaVerifyPush>[1]) {
  const { resources } = await record(() => new OktaVerifyPush("okta-verify-push", args));
  const authenticator = resources.find((r) => r.type === AUTHENTICATOR)!;
  return authenticator.inputs as Record<string, unknown>;
}

describe("OktaVerifyPush (Identity Engine) against Okta's whole settings object", () => {
  it("the first up converges and the next preview is empty: settings are Okta's to keep", async () => {
    const inputs = await declared({ engine: "oie" });
    expect(inputs).toMatchObject({ key: "okta_verify", name: "Okta Verify", status: "ACTIVE" });
    // Adopted without a settings write; the next preview compares state with the config.
    const state = settingsInState(oktaSettings);
    expect(settingsDiffer(state, inputs["settings"] as string | undefined)).toBe(false);
  });

  it("settings given as Okta returns them (the whole object) converge too", async () => {
    const inputs = await declared({ engine: "oie", settings: oktaSettings });
    expect(settingsDiffer(settingsInState(oktaSettings), inputs["settings"] as string)).toBe(false);
  });

  it("refuses a partial settings object, which would diff on every preview", () => {
    expect(
      () =>
        new OktaVerifyPush("partial", {
          engine: "oie",
          settings: { channelBinding: { style: "NUMBER_CHALLENGE", required: "HIGH_RISK_ONLY" } },
        }),
    ).toThrow(
      "OktaVerifyPush partial: settings must be the authenticator's whole settings object as " +
        "GET /api/v1/authenticators/{id} returns it for this org, appInstanceId included " +
        "(the provider compares whole objects, so a partial one shows a change on every preview); " +
        "leave settings out to keep the org's",
    );
  });
});
