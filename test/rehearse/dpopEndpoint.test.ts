// The DPoP setting's client goes where the Okta provider goes: to OKTA_HTTP_PROXY when it is set
// (as the rehearsal sets it), else to the org URL. Without this a rehearsal's DPoP calls would
// leave for the real org. Against the Okta simulator (test/components/support/dpopOrg.ts).

import { afterEach, describe, expect, it } from "vitest";
import { getApp } from "../../components/oktaApi/apps";
import { createOktaClient } from "../../components/oktaApi/client";
import { apiBaseUrl } from "../../components/oktaApi/endpoint";
import { APP, startDpopOrg, type DpopOrg } from "../components/support/dpopOrg";

const ORG = "https://dev-31415926.oktapreview.com";

let okta: DpopOrg | undefined;
afterEach(async () => {
  delete process.env["OKTA_HTTP_PROXY"];
  await okta?.close();
  okta = undefined;
});

describe("the DPoP setting's API base URL", () => {
  it("is the org URL unless OKTA_HTTP_PROXY is set, then the proxy without a trailing slash", () => {
    delete process.env["OKTA_HTTP_PROXY"];
    expect(apiBaseUrl(ORG)).toBe(ORG);
    process.env["OKTA_HTTP_PROXY"] = "  ";
    expect(apiBaseUrl(ORG)).toBe(ORG);
    process.env["OKTA_HTTP_PROXY"] = "http://127.0.0.1:4567/";
    expect(apiBaseUrl(ORG)).toBe("http://127.0.0.1:4567");
  });

  it("sends the Apps API calls for the org to OKTA_HTTP_PROXY", async () => {
    okta = await startDpopOrg({ dpop: true });
    process.env["OKTA_HTTP_PROXY"] = okta.url;
    const client = createOktaClient({
      orgUrl: ORG,
      credentials: { kind: "apiToken", token: okta.ssws },
      scopes: ["okta.apps.read"],
      throttle: { maxRetries: 0, minWaitSeconds: 1, maxWaitSeconds: 1, requestTimeout: 5 },
    });
    expect(await getApp(client, APP)).toMatchObject({ id: APP });
    expect(okta.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/v1/apps/${APP}`]);
  });
});
