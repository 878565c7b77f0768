// declareConnectors with the real ServiceApp (components/serviceApp.ts) through the wiring
// adapter, under main's component mock runtime (real generated keys): the Moveworks sheet is
// built from the app's own outputs, and the connector apps are exported like configured ones.
// The hook receiver pieces are still stubs. Not proven: what Okta does with these inputs.

import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AdminRoles } from "../../components/adminRoles";
import { CAPABILITIES } from "../../components/capabilities";
import { declareConnectors } from "../../components/connectors";
import { serviceAppFactory } from "../../components/connectors/wiring";
import type { ServiceAppStackOutput } from "../../components/serviceApp";
import { RATE_LIMIT_DEFAULTS } from "../../config/defaults";
import { installMocks, record } from "../components/mockRuntime";
import { isSecret, valueOf } from "../helpers/outputs";
import { DEV_ORG_URL, devConfig, TEST_SECRETS } from "./support/config";
import { stubDeps } from "./support/stubs";

beforeAll(() => installMocks());

async function declareWithServiceApp() {
  const exported: Record<string, ServiceAppStackOutput> = {};
  const { result, resources } = await record(() => {
    const adminRoles = new AdminRoles("admin-roles", {
      orgUrl: DEV_ORG_URL,
      labelPrefix: "oktaplane dev",
    });
    return declareConnectors(
      {
        stack: "dev",
        config: devConfig(),
        secrets: {
          oktaApiToken: pulumi.secret(TEST_SECRETS.oktaApiToken),
          twilioAuthToken: pulumi.secret(TEST_SECRETS.twilioAuthToken),
        },
      },
      {
        serviceApp: serviceAppFactory({
          orgUrl: DEV_ORG_URL,
          adminRoles,
          throttle: RATE_LIMIT_DEFAULTS.dev,
          protect: false,
          exported,
        }),
        twilio: stubDeps().deps.twilio,
      },
    );
  });
  return { result, resources, exported };
}

const field = (
  bundle: { fields: readonly { name: string; value: pulumi.Output<string> }[] },
  name: string,
) => bundle.fields.find((f) => f.name === name)!.value;

describe("connectors with the real ServiceApp", () => {
  it("Moveworks: a service app under the connector, DPoP off, the guide's scopes plus its capabilities", async () => {
    const { resources } = await declareWithServiceApp();
    const app = resources.find((r) => r.type === "okta:app/oAuth:OAuth" && r.name === "moveworks")!;
    expect(app.inputs).toMatchObject({
      type: "service",
      tokenEndpointAuthMethod: "private_key_jwt",
    });
    expect(app.parent).toMatch(
      /oktaplane:connectors:Moveworks\$oktaplane:okta:ServiceApp::moveworks$/,
    );
    const dpop = resources.find((r) => r.name === "moveworks-dpop")!;
    expect(dpop.inputs["requireDpop"]).toBe(false);
    const grant = resources.find((r) => r.name === "moveworks-scopes")!;
    const expected = [
      ...new Set(
        (
          ["moveworks-scopes", "read-only", "software-provisioning", "password-mfa-help"] as const
        ).flatMap((c) => [...CAPABILITIES[c].scopes]),
      ),
    ].sort();
    expect(grant.inputs["scopes"]).toEqual(expected);
  });

  it("Moveworks: the sheet carries the app's client id, kid and key, the key secret", async () => {
    const { result, exported } = await declareWithServiceApp();
    const bundle = result.bundles.moveworks!;
    const app = exported["moveworks"]!;
    expect(await valueOf(field(bundle, "Client ID"))).toBe(await valueOf(app.clientId));
    expect(await valueOf(field(bundle, "KID"))).toBe(await valueOf(app.activeKid));
    const key = field(bundle, "Private Key");
    expect(await isSecret(key)).toBe(true);
    expect(await valueOf(key)).toBe(await valueOf(app.privateKeyPem));
    expect(await valueOf(key)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await valueOf(field(bundle, "Jwt Auth Algorithm"))).toBe("JWT_ALGORITHM_RS256");
    expect(await valueOf(field(bundle, "scope"))).toBe((await valueOf(app.scopes)).join(" "));
    expect(await isSecret(field(bundle, "KID"))).toBe(false);
  });

  it("the receiver's read-users app keeps DPoP on; both connector apps are exported", async () => {
    const { resources, exported } = await declareWithServiceApp();
    expect(Object.keys(exported).sort()).toEqual(["hook-receiver", "moveworks"]);
    expect(resources.find((r) => r.name === "hook-receiver-dpop")!.inputs["requireDpop"]).toBe(
      true,
    );
    expect(resources.find((r) => r.name === "hook-receiver-scopes")!.inputs["scopes"]).toEqual([
      "okta.users.read",
    ]);
    expect(await valueOf(exported["hook-receiver"]!.requireDpop)).toBe(true);
  });
});
