// The component package's provider and its schema, shared by the host (index.ts), the schema
// script and the tests, so all three serve the same components under the same name.
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { HookReceiver, OktaVerifyPush, ServiceApp } from "./components";

export const PACKAGE_NAME = "oktaplane";
export const COMPONENTS = [ServiceApp, HookReceiver, OktaVerifyPush];

export function componentProvider(): ComponentProvider {
  return new ComponentProvider({ components: COMPONENTS, name: PACKAGE_NAME, dirname: __dirname });
}

export async function componentSchema(): Promise<unknown> {
  return JSON.parse(await componentProvider().getSchema());
}
