// Pure: the org-wide hook limits checked at plan time, and the event hook and telephony
// argument checks. No Pulumi runtime.

import { describe, expect, test } from "vitest";
import { errorOf } from "./support/hookErrors";
import { validateEventTypes, DEFAULT_EVENT_TYPES } from "../../components/eventHook";
import {
  checkEventHookCount,
  checkTelephonyHooks,
  type TelephonyHookDecl,
} from "../../components/hookRules";

describe("one active telephony hook per org", () => {
  test.each<[string, TelephonyHookDecl[]]>([
    ["none", []],
    ["one, active by default", [{ key: "twilio" }]],
    ["one active and others inactive", [{ key: "twilio" }, { key: "standby", status: "INACTIVE" }]],
    [
      "all inactive",
      [
        { key: "a", status: "INACTIVE" },
        { key: "b", status: "INACTIVE" },
      ],
    ],
  ])("allows %s", (_label, hooks) => {
    expect(() => checkTelephonyHooks(hooks)).not.toThrow();
  });

  test("refuses two active hooks, naming both keys", () => {
    const error = errorOf(() =>
      checkTelephonyHooks([
        { key: "twilio" },
        { key: "standby", status: "INACTIVE" },
        { key: "vonage", status: "ACTIVE" },
      ]),
    );
    expect(error.code).toBe("telephony_hook_conflict");
    expect(error.message).toBe(
      "telephony providers: Okta allows 1 ACTIVE telephony inline hook per org (a second one is silently skipped); this stack declares 2: twilio, vonage. Keep one ACTIVE and set status INACTIVE on the others.",
    );
  });
});

describe("25 event hooks per org", () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `hook-${i}`);

  test("allows up to 25, counting hooks already in the org", () => {
    expect(() => checkEventHookCount(keys(25))).not.toThrow();
    expect(() => checkEventHookCount(keys(20), 5)).not.toThrow();
  });

  test("refuses a 26th, with the stack's keys and the org's count", () => {
    const error = errorOf(() => checkEventHookCount(["feedback", "audit"], 24));
    expect(error.code).toBe("event_hook_limit");
    expect(error.message).toBe(
      "event hooks: Okta allows 25 per org; this stack declares 2 (feedback, audit) plus 24 already in the org",
    );
  });
});

describe("event types", () => {
  test("the default subscribes to what Twilio Verify feedback needs", () => {
    expect(DEFAULT_EVENT_TYPES).toEqual([
      "user.authentication.auth_via_mfa",
      "user.mfa.factor.activate",
    ]);
    expect(() => validateEventTypes(DEFAULT_EVENT_TYPES)).not.toThrow();
  });

  test.each<[string, string[], string]>([
    ["an empty list", [], "events: must list 1-300 event types; got 0"],
    [
      "more than 300",
      Array.from({ length: 301 }, (_, i) => `user.e${i}`),
      "events: must list 1-300 event types; got 301",
    ],
    [
      "a non-event",
      ["user.mfa.factor.activate", "User MFA"],
      'events: not an Okta event type: "User MFA"',
    ],
    [
      "duplicates",
      ["user.mfa.factor.activate", "user.mfa.factor.activate"],
      "events: duplicate user.mfa.factor.activate",
    ],
  ])("refuses %s", (_label, events, message) => {
    const error = errorOf(() => validateEventTypes(events));
    expect(error.code).toBe("argument_invalid");
    expect(error.message).toBe(message);
  });
});
