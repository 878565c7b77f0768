// verify and the apps' DPoP flags, against the Okta simulator (its token endpoint issues DPoP-bound
// tokens only to apps whose flag is on; its Apps API answers the flag): a flag a provider write
// turned off fails verify with what to do, read with the read-only scopes the call table derives
// (okta.apps.read), or seen from the Bearer token Okta issues without any management credential.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StackOutputs } from "../../components/outputs";
import { VERIFY_READS } from "../../cli/lib/liveDpop";
import { main } from "../../cli/verify";
import { startOktaSim, type OktaSim } from "../../sim/okta";
import { addServiceApp } from "../sim/okta/support";
import { generateRs256Key, serviceAppOutput, type GeneratedKey } from "./support/serviceAppKeys";

const APP = "0oa-verify-dpop";
const READER = "0oa-readonly-reader";
const SCOPES = ["okta.users.read"];
let key: GeneratedKey;
let readerKey: GeneratedKey;
let dir: string;
let sim: OktaSim;

beforeAll(async () => {
  [key, readerKey] = await Promise.all([generateRs256Key(), generateRs256Key()]);
  dir = await mkdtemp(join(tmpdir(), "verify-dpop-"));
});
afterEach(async () => {
  await sim?.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An org whose app has Okta's flag `liveDpop`, and the stack's outputs declaring it on. */
async function org(liveDpop: boolean): Promise<string> {
  sim = await startOktaSim();
  addServiceApp(sim, { clientId: APP, key, scopes: SCOPES, dpop: liveDpop, roles: [] });
  // The drift job's kind of credential: a service app granted okta.apps.read, Read-only Admin.
  addServiceApp(sim, {
    clientId: READER,
    key: readerKey,
    scopes: ["okta.apps.read"],
    roles: ["READ_ONLY_ADMIN"],
  });
  const outputs: StackOutputs = {
    serviceApps: {
      reporting: serviceAppOutput(sim.url, APP, key, { requireDpop: true, scopes: SCOPES }),
    },
  };
  const file = join(dir, `outputs-${liveDpop}.json`);
  await writeFile(file, JSON.stringify(outputs));
  return file;
}

const readOnlyCredential = () => ({
  OKTA_API_CLIENT_ID: READER,
  OKTA_API_PRIVATE_KEY: readerKey.privateKeyPem,
  OKTA_API_PRIVATE_KEY_ID: readerKey.kid,
  OKTA_API_SCOPES: "okta.apps.read",
});

async function verify(file: string, env: Record<string, string>, json = true) {
  let stdout = "";
  let stderr = "";
  const code = await main(["--outputs", file, ...(json ? ["--json"] : [])], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
  });
  return { code, stdout, stderr, report: json && stdout ? JSON.parse(stdout) : undefined };
}

describe("verify: the apps' DPoP flags", () => {
  it("reads Okta's flag with the read-only scopes the call table derives", async () => {
    expect(VERIFY_READS).toEqual([
      { scope: "okta.apps.read", operation: "GET /api/v1/apps/{appId}" },
    ]);
    const { code, report } = await verify(await org(true), readOnlyCredential());
    expect(code).toBe(0);
    expect(report.apps[0]).toMatchObject({
      status: "ok",
      tokenType: "DPoP",
      liveDpop: { checked: true, required: true },
    });
  });

  it("a flag a provider write turned off: dpop_mismatch, saying pulumi up, or requireDpop false if refused", async () => {
    const { code, report } = await verify(await org(false), readOnlyCredential());
    expect(code).toBe(1);
    expect(report.apps[0]).toMatchObject({
      status: "fail",
      liveDpop: { checked: true, required: false },
      error: {
        code: "dpop_mismatch",
        meaning: "Okta has Require DPoP off for this app; the stack declares on",
      },
    });
    expect(report.apps[0].error.remediation).toMatch(
      /^Run pulumi up: .* DPOP_REFUSED, .*set requireDpop: false .*\(docs\/DPOP\.md\)$/,
    );
  });

  it("without a management credential: the Bearer token Okta issued tells, and the footer says why it was not read", async () => {
    const file = await org(false);
    const { code, report } = await verify(file, {});
    expect(code).toBe(1);
    expect(report.apps[0]).toMatchObject({
      tokenType: "Bearer",
      liveDpop: { checked: false },
      error: { code: "dpop_not_bound" },
    });
    const text = await verify(file, {}, false);
    expect(text.stdout).toContain(
      "live DPoP flags not checked: no Okta management credential in the environment " +
        "(the Okta provider's variables, with okta.apps.read)",
    );
    expect(text.stdout).toContain(
      "fix:     Run pulumi up: the app's DPoP setting reads the live flag",
    );
  });

  it("a credential without okta.apps.read is not used, and says which scope it lacks", async () => {
    const { code, report } = await verify(await org(true), {
      ...readOnlyCredential(),
      OKTA_API_SCOPES: "okta.users.read",
    });
    expect(code).toBe(0);
    expect(report.apps[0].liveDpop).toEqual({
      checked: false,
      reason:
        "OKTA_API_SCOPES must include okta.apps.read to read each app's DPoP flag (GET /api/v1/apps/{appId}); got okta.users.read",
    });
  });
});
