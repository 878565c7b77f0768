// Validated stack configs for connector tests: the example dev stack, with connectors edited.

import { parseStackConfig } from "../../../config/parse";
import type { StackConfig } from "../../../config/schema";
import { editKey, exampleStack } from "../../helpers/stackValues";

export const TEST_SECRETS = {
  oktaApiToken: "00TestOktaApiToken-c0nnect0rs-5f2b9e",
  twilioAuthToken: "testtwilioauthtoken8d1c4a7b2e90f3",
} as const;

/** The dev stack's config, after `edit` changes its `connectors` (and `okta`) blocks. */
export function devConfig(
  edit: {
    connectors?: (c: any) => unknown;
    okta?: (o: any) => unknown;
    environment?: "dev" | "staging" | "prod";
  } = {},
): StackConfig {
  const base = exampleStack("dev", TEST_SECRETS);
  let values = base.values;
  if (edit.environment) values = { ...values, "oktaplane:environment": edit.environment };
  if (edit.connectors) values = editKey(values, "connectors", edit.connectors);
  if (edit.okta) values = editKey(values, "okta", edit.okta);
  return parseStackConfig({ stack: "dev", values, secretKeys: base.secretKeys }).config;
}

export const DEV_ORG_URL = "https://dev-31415926.oktapreview.com";
