// Stack files for the adopt tests, written to a scratch directory the way users keep them in
// stacks/, and the plan + declared surface the adopt command computes from each.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { desiredFromPlan, type Desired } from "../../../cli/adopt/desired";
import { buildPlan, type PlanReport } from "../../../cli/lib/planReport";
import { readStackFile } from "../../../cli/lib/stackFile";
import { parseStackConfig } from "../../../config/parse";

const HEADER = `encryptionsalt: v1:9Qk3mZ1rWm8=:v1:Jd0mVb2Qy8b3kX0p:3c0Q3J3Qm0v1bQ8ZbN1kYw==
config:
  oktaplane:environment: dev
  oktaplane:okta:
    orgName: dev-31415926
    baseUrl: oktapreview.com
    engine: oie
`;

/** The seeds' stack: every connector, as a team that followed the vendors' guides would declare. */
export const SEEDED_STACK = `${HEADER}  oktaplane:hookReceiver:
    cloudflareAccountId: 0f1e2d3c4b5a69788796a5b4c3d2e1f0
    workersDevSubdomain: acme-dev
  oktaplane:connectors:
    servicenowSpoke:
      instance: acmedev
      auth: oauth
    servicenowVoiceAgent:
      instance: acmedev
    moveworks:
      auth: jwt
      # two of the three: the hand-made app also holds password-mfa-help
      capabilities: [read-only, software-provisioning]
    twilioVerify:
      accountSid: AC0123456789abcdef0123456789abcdef
      verifyServiceSid: VA0123456789abcdef0123456789abcdef
`;

/** The spoke on an API key: adopt proposes the token id. */
export const SPOKE_KEY_STACK = `${HEADER}  oktaplane:connectors:
    servicenowSpoke:
      instance: acmedev
      auth: api-key
`;

/** A Classic org with the voice agent: Okta Verify push is the okta_push factor. */
export const CLASSIC_STACK = `${HEADER.replace("engine: oie", "engine: classic")}  oktaplane:connectors:
    servicenowVoiceAgent:
      instance: acmedev
`;

/** Two apps of the messy org. */
export const MESSY_STACK = `${HEADER}  oktaplane:serviceApps:
    reporting:
      label: Reporting exporter
      capabilities: [read-only]
    auditor:
      label: Auditor
      capabilities: [read-only]
`;

/** A scratch stacks directory holding the given files (stack name → YAML). */
export function stacksDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "oktaplane-adopt-"));
  for (const [stack, text] of Object.entries(files))
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
  return dir;
}

export async function planned(
  stack: string,
  dir: string,
): Promise<{ plan: PlanReport; desired: Desired }> {
  const plan = await buildPlan({ stack, stacksDir: dir });
  const file = await readStackFile(stack, dir);
  const { config } = parseStackConfig({ stack, values: file.values, secretKeys: file.secretKeys });
  return { plan, desired: desiredFromPlan(stack, config, plan.resources) };
}
