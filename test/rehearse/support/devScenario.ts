// A canned happy-path scenario for the Pulumi STAND-IN: a small stack (one service app, an event
// hook, a telephony hook, a retained authenticator) that deploys, previews empty, shows the
// console edit as drift and destroys. Tests override one command at a time.

import { exportOf, stepEvents, summaryEvent, type CannedResource, type Scenario } from "./scenario";

export const STACK = "dev";

export const APP: CannedResource = {
  type: "okta:app/oAuth:OAuth",
  name: "reporting-app",
  id: "0oa1reporting0000001",
  inputs: { label: "oktaplane dev reporting", jwks: [{ kid: "k1" }] },
};
export const EVENT_HOOK: CannedResource = {
  type: "okta:index/eventHook:EventHook",
  name: "hooks-event-hook",
  id: "who1eventhook0000001",
};
export const INLINE_HOOK: CannedResource = {
  type: "okta:inline/hook:Hook",
  name: "twilio-telephony",
  id: "cal1inlinehook000001",
};
export const AUTHENTICATOR: CannedResource = {
  type: "okta:index/authenticator:Authenticator",
  name: "okta-verify",
  id: "aut1authenticator001",
  retainOnDelete: true,
};
export const RESOURCES = [APP, EVENT_HOOK, INLINE_HOOK, AUTHENTICATOR];

export const CREATE_APP = {
  method: "POST",
  path: "/api/v1/apps",
  body: { id: APP.id, label: "oktaplane dev reporting", kids: ["k1"] },
};
const GRANT = { method: "POST", path: `/api/v1/apps/${APP.id}/grants` };
const VERIFY = { method: "POST", path: `/api/v1/eventHooks/${EVENT_HOOK.id}/lifecycle/verify` };

export function devScenario(overrides: Scenario = {}): Scenario {
  return {
    "stack export": [{ stdout: exportOf(STACK, RESOURCES) }],
    up: [
      {
        requests: [CREATE_APP, GRANT, GRANT, VERIFY],
        events: [
          ...stepEvents(STACK, "create", RESOURCES, { planning: true }),
          ...stepEvents(STACK, "create", RESOURCES),
          summaryEvent({ create: RESOURCES.length }),
        ],
      },
    ],
    preview: [
      // The empty second preview, then the drift preview after the console edit.
      {
        requests: [{ method: "GET", path: `/api/v1/apps/${APP.id}` }],
        events: [...stepEvents(STACK, "same", RESOURCES, { planning: true })],
      },
      {
        events: [
          ...stepEvents(STACK, "refresh", RESOURCES, { planning: true }),
          ...stepEvents(STACK, "update", [APP], {
            planning: true,
            diffs: { [APP.name]: ["label"] },
          }),
        ],
      },
    ],
    destroy: [
      {
        requests: [{ method: "DELETE", path: `/api/v1/apps/${APP.id}` }],
        events: [...stepEvents(STACK, "delete", RESOURCES), summaryEvent({ delete: 4 })],
      },
    ],
    ...overrides,
  };
}
