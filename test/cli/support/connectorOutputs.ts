// Stack outputs with real connector bundles: declareConnectors run under the mock runtime with
// stub ServiceApp/receiver pieces and known test secrets, every field resolved to its value, as
// `pulumi stack output --json --show-secrets` would print them.

import * as pulumi from "@pulumi/pulumi";
import { declareConnectors } from "../../../components/connectors";
import type { ConnectorRegistry } from "../../../components/connectors/registry";
import type { ConnectorBundle, StackOutputs } from "../../../components/outputs";
import type { StackConfig } from "../../../config/schema";
import { TEST_SECRETS } from "../../connectors/support/config";
import { runWithMocks } from "../../connectors/support/runtime";
import { inspect } from "../../helpers/outputs";
import { STUB_PEM, stubDeps } from "../../connectors/support/stubs";

export const SPOKE_CLIENT_SECRET = "spoke-client-secret-handoff-41d9c2";

/** Every secret the bundles may hold, as test values. */
export const ALL_TEST_SECRETS = [
  TEST_SECRETS.oktaApiToken,
  TEST_SECRETS.twilioAuthToken,
  SPOKE_CLIENT_SECRET,
  STUB_PEM,
];

/** `extra` secrets are what a registry's other connectors need (by key, test values). */
export async function connectorOutputs(
  config: StackConfig,
  registry?: ConnectorRegistry,
  extra: Readonly<Record<string, string>> = {},
): Promise<StackOutputs> {
  const { result } = await runWithMocks(
    () =>
      declareConnectors(
        {
          stack: "dev",
          config,
          secrets: {
            oktaApiToken: pulumi.secret(TEST_SECRETS.oktaApiToken),
            twilioAuthToken: pulumi.secret(TEST_SECRETS.twilioAuthToken),
            ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, pulumi.secret(v)])),
          },
        },
        stubDeps().deps,
        {},
        registry,
      ),
    {
      state: (args) =>
        args.type === "okta:app/oAuth:OAuth"
          ? { clientId: "0oaSpokeHandoff", clientSecret: SPOKE_CLIENT_SECRET }
          : {},
    },
  );
  const connectors: Record<string, ConnectorBundle> = {};
  for (const [id, bundle] of Object.entries(result.bundles)) {
    const fields = await Promise.all(
      bundle!.fields.map(async (f) => ({ ...f, value: String((await inspect(f.value)).value) })),
    );
    connectors[id] = { ...bundle!, fields, manualSteps: [...bundle!.manualSteps] };
  }
  return { connectors };
}
