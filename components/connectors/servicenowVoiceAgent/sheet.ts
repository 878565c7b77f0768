// The ServiceNow AI voice agent's Okta Verify push sheet (seed:
// servicenow-voice-agent-okta-verify-push.txt), pure: the "HTTP(s) Connections" form, then the
// "API Key Credentials" form whose API Key carries the `SSWS` prefix.

import { setSecretCommand } from "../../../config/secretCommand";
import type { ConnectorBundle } from "../../outputs";
import type { ConnectorContext } from "../sheet";
import { form, sswsApiKey } from "../sheet";
import type { VoiceAgentConfig } from "./types";

export type { VoiceAgentConfig };

export const VOICE_AGENT_FORMS = {
  connection: "HTTP(s) Connections",
  credential: "API Key Credentials",
} as const;

export interface VoiceAgentValues {
  readonly orgUrl: string;
  /** SECRET: the Okta API token from `oktaplane:oktaApiToken`. */
  readonly apiToken: string;
}

export function voiceAgentBundle(
  v: VoiceAgentValues,
  manualSteps: readonly string[],
): ConnectorBundle {
  return {
    connector: "servicenow-voice-agent",
    title: "ServiceNow AI voice agent: Okta Verify push connection",
    fields: [
      ...form(VOICE_AGENT_FORMS.connection, [
        ["Name", "Okta Verify push"],
        ["Connection alias", "the Connection & Credential Alias record opened in step 5"],
        ["Connection URL", v.orgUrl],
      ]),
      ...form(VOICE_AGENT_FORMS.credential, [
        ["Name", "Okta API Key"],
        ["API Key", sswsApiKey(v.apiToken), "secret"],
      ]),
    ],
    manualSteps,
  };
}

export function voiceAgentManualSteps(ctx: ConnectorContext, agent: VoiceAgentConfig): string[] {
  const push =
    ctx.engine === "oie"
      ? "The stack activates the Okta Verify authenticator (okta_verify). The provider cannot set " +
        "authenticator methods: check that Push notification is enabled under Security > " +
        "Authenticators > Okta Verify, and that your authentication policies allow it."
      : "The stack activates the Okta Verify push factor (okta_push); check that your MFA " +
        "enrollment policy offers it.";
  return [
    push,
    "Users need the Okta Verify app installed and enrolled on their phones.",
    "Create the API token in Okta (Security > API > Tokens) as the least-privileged admin that can " +
      `send push challenges; no API can create one. Store it: ${setSecretCommand("oktaApiToken", ctx.stack)}.`,
    `On ${agent.instance}.service-now.com (role auth_factors_admin), open the Connection & ` +
      "Credential Alias record, New under Connections: fill HTTP(s) Connections from this sheet, " +
      "add new API Key Credentials from the Credentials search icon, Submit both.",
  ];
}
