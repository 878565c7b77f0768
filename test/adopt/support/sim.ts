// The Okta simulator (sim/okta) started with a hand-made org, and the credentials adopt reads it
// with, as the Okta provider's environment variables: an SSWS token of a Read-only Administrator,
// or an API Services app with private_key_jwt (DPoP when asked) granted the read scopes.

import type { Desired } from "../../../cli/adopt/desired";
import type { OrgSnapshot } from "../../../cli/adopt/org";
import { readScopes } from "../../../cli/adopt/readOperations";
import { createReader } from "../../../cli/adopt/reader";
import { scanOrg } from "../../../cli/adopt/scan";
import { startOktaSim, type OktaSim, type OktaSimOptions } from "../../../sim/okta";
import { addServiceApp, generateRs256Key } from "../../sim/okta/support";
import type { RawOrg } from "./orgs";
import { simSeed } from "./simSeed";

export async function seededSim(
  raw: RawOrg,
  options: Omit<OktaSimOptions, "seed"> = {},
): Promise<{ sim: OktaSim; token: string }> {
  const sim = await startOktaSim({ ...options, seed: simSeed(raw) });
  const token = sim.sswsToken({ name: "adopt (read-only)", roles: ["READ_ONLY_ADMIN"] });
  return { sim, token };
}

export const READER_APP = "0oareader00000000001";

/** A read-only service app in the simulated org; its env vars, as the provider reads them. */
export async function readerApp(
  sim: OktaSim,
  options: { dpop?: boolean; scopes?: readonly string[] } = {},
): Promise<Record<string, string>> {
  const key = await generateRs256Key();
  addServiceApp(sim, {
    clientId: READER_APP,
    key,
    scopes: options.scopes ?? readScopes("oie"),
    roles: ["READ_ONLY_ADMIN"],
    dpop: options.dpop ?? true,
  });
  return {
    OKTA_API_CLIENT_ID: READER_APP,
    OKTA_API_PRIVATE_KEY: key.privateKeyPem,
    OKTA_API_PRIVATE_KEY_ID: key.kid,
    OKTA_API_SCOPES: readScopes("oie").join(","),
    OKTA_HTTP_PROXY: sim.url,
  };
}

/** What adopt reads of `raw` for `desired`, through the simulator and the real reader. */
export async function scanned(raw: RawOrg, desired: Desired): Promise<OrgSnapshot> {
  const { sim, token } = await seededSim(raw);
  try {
    const reader = createReader({ baseUrl: sim.url, credentials: { kind: "apiToken", token } });
    return await scanOrg(reader, desired);
  } finally {
    await sim.close();
  }
}
