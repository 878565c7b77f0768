// The ServiceNow AI voice agent's sheet against its seed: the HTTP(s) Connections bullets and the
// API Key Credentials fields, and the seed's own example of the SSWS prefix.

import { describe, expect, it } from "vitest";
import { connectorContext, sswsApiKey } from "../../components/connectors/sheet";
import {
  VOICE_AGENT_FORMS,
  voiceAgentBundle,
  voiceAgentManualSteps,
} from "../../components/connectors/servicenowVoiceAgent/sheet";
import { DEV_ORG_URL, devConfig, TEST_SECRETS } from "./support/config";
import { between, lines, readSeed } from "./support/seeds";

const seed = readSeed("servicenow-voice-agent-okta-verify-push.txt");
const config = devConfig();
const agent = config.connectors.servicenowVoiceAgent!;
const bundle = voiceAgentBundle(
  { orgUrl: DEV_ORG_URL, apiToken: TEST_SECRETS.oktaApiToken },
  voiceAgentManualSteps(connectorContext("dev", config), agent),
);
const names = (form: string) => bundle.fields.filter((f) => f.form === form).map((f) => f.name);

describe("ServiceNow AI voice agent sheet", () => {
  it("fills the HTTP(s) Connections form's fields, in the seed's order", () => {
    const bullets = lines(
      between(seed, "Specify the following field on the HTTP(s) Connections form.", "図"),
    ).map((l) => l.replace(/^•\s*/, ""));
    expect(names(VOICE_AGENT_FORMS.connection)).toEqual(bullets);
  });

  it("fills the API Key Credentials form's fields", () => {
    const named = /Specify the (.+) on the API Key Credentials form\./
      .exec(seed)![1]!
      .split(" and ");
    expect(names(VOICE_AGENT_FORMS.credential)).toEqual(named);
  });

  it("comes in the seed's order: connection, then its credential", () => {
    expect([...new Set(bundle.fields.map((f) => f.form))]).toEqual([
      VOICE_AGENT_FORMS.connection,
      VOICE_AGENT_FORMS.credential,
    ]);
  });

  it("prefixes the API key with SSWS exactly as the seed's example does", () => {
    const [, token, prefixed] =
      /copied token value is (\S+) you must provide the value as (SSWS \S+?)\.?\n/.exec(seed)!;
    expect(sswsApiKey(token!)).toBe(prefixed);
    const key = bundle.fields.find((f) => f.name === "API Key")!;
    expect(key).toMatchObject({ value: `SSWS ${TEST_SECRETS.oktaApiToken}`, secret: true });
    expect(bundle.fields.find((f) => f.name === "Connection URL")!.value).toBe(DEV_ORG_URL);
  });

  it("marks only the API key secret", () => {
    expect(bundle.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(["API Key"]);
  });

  it("keeps the seed's prerequisites as manual steps, per engine", () => {
    const text = bundle.manualSteps.join("\n");
    expect(text).toContain("Okta Verify app installed");
    expect(text).toContain("auth_factors_admin");
    expect(text).toContain("okta_verify");
    const classic = devConfig({ okta: (o) => void (o.engine = "classic") });
    const steps = voiceAgentManualSteps(connectorContext("dev", classic), agent).join("\n");
    expect(steps).toContain("okta_push");
  });
});
