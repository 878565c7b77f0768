// The contract between the program and the CLI that reads its outputs: the real program's stack
// outputs for the dev stack, resolved as `pulumi stack output --json --show-secrets` prints them,
// are accepted by the reader that `verify` and `handoff` share, and the Moveworks sheet carries
// the very client id, kid and key of the service app the program created.
// Not proven here: that Okta accepts these values (see docs/VERIFY.md for the live check).

import * as pulumi from "@pulumi/pulumi";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseStackOutputs } from "../../cli/lib/stackOutputs";
import { main as handoff } from "../../cli/handoff";
import { main } from "../../program";
import { installMocks, record } from "../components/mockRuntime";
import { exampleStack } from "../helpers/stackValues";

const SECRETS = {
  oktaApiToken: "00ProgramOutputsToken-a81f",
  twilioAuthToken: "programoutputstwilio7c2e",
};

/** Every Output resolved and every secret revealed, as `--show-secrets` does. */
async function reveal(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const inner = await new Promise((resolve) => value.apply((v) => resolve(v)));
    return reveal(inner);
  }
  if (Array.isArray(value)) return Promise.all(value.map(reveal));
  if (value !== null && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await reveal(v)] as const),
    );
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  }
  return value;
}

let outputsFile: string;
let outputs: ReturnType<typeof parseStackOutputs>;

beforeAll(async () => {
  await installMocks();
  const { values, secretKeys } = exampleStack("dev", SECRETS);
  pulumi.runtime.setAllConfig(values, [...secretKeys]);
  const { result } = await record(() => main({ missingSecrets: "fail" }));
  const json = JSON.parse(JSON.stringify(await reveal(result))) as unknown;
  outputs = parseStackOutputs(json, "program outputs");
  outputsFile = path.join(await mkdtemp(path.join(tmpdir(), "oktaplane-outputs-")), "dev.json");
  await writeFile(outputsFile, JSON.stringify(json));
}, 60_000);

describe("the program's stack outputs", () => {
  it("are what verify and handoff read: every service app and every connector", () => {
    expect(Object.keys(outputs.serviceApps ?? {}).sort()).toEqual([
      "hook-receiver",
      "moveworks",
      "reporting",
    ]);
    expect(Object.keys(outputs.connectors ?? {}).sort()).toEqual([
      "moveworks",
      "servicenow-spoke",
      "servicenow-voice-agent",
      "twilio-verify",
    ]);
    const moveworks = outputs.serviceApps!["moveworks"]!;
    expect(moveworks.requireDpop).toBe(false);
    expect(moveworks.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(moveworks.tokenUrl).toBe("https://dev-31415926.oktapreview.com/oauth2/v1/token");
  });

  it("hand the Moveworks form the client id, kid and key of the app the program created", async () => {
    let out = "";
    const code = await handoff(
      ["--outputs", outputsFile, "--connector", "moveworks", "--json", "--show-secrets"],
      { stdout: (t: string) => (out += t), stderr: () => undefined },
    );
    expect(code).toBe(0);
    const sheet = JSON.parse(out) as { fields: Array<{ name: string; value: string }> };
    const field = (name: string) => sheet.fields.find((f) => f.name === name)?.value;
    const app = outputs.serviceApps!["moveworks"]!;
    expect(field("Client ID")).toBe(app.clientId);
    expect(field("KID")).toBe(app.activeKid);
    expect(field("Private Key")).toBe(app.privateKeyPem);
    expect(field("Jwt Auth Claims Audience")).toBe(app.audience);
  });

  it("never show a secret without --show-secrets", async () => {
    for (const connector of Object.keys(outputs.connectors ?? {})) {
      let out = "";
      await handoff(["--outputs", outputsFile, "--connector", connector], {
        stdout: (t: string) => (out += t),
        stderr: () => undefined,
      });
      for (const secret of [
        ...Object.values(SECRETS),
        outputs.serviceApps!["moveworks"]!.privateKeyPem,
      ])
        expect(out).not.toContain(
          secret.slice(0, 40).replace("-----BEGIN PRIVATE KEY-----", "") || secret,
        );
    }
  });
});
