// Org-wide limits on hooks that Okta enforces only at run time (or silently), checked at plan
// time over everything the stack declares, so the plan fails with the keys involved.

import { HookError } from "./hookErrors";

/** One telephony inline hook the stack declares, by its stable key. */
export interface TelephonyHookDecl {
  readonly key: string;
  /** @default "ACTIVE" */
  readonly status?: "ACTIVE" | "INACTIVE";
}

/** Okta: one ACTIVE telephony hook per org; a second active one is skipped, not rejected. */
export const MAX_ACTIVE_TELEPHONY_HOOKS = 1;
/** Okta: 25 active and verified event hooks per org. */
export const MAX_EVENT_HOOKS_PER_ORG = 25;

/**
 * Fails when more than one of the declared telephony hooks is ACTIVE. Hooks created outside this
 * stack are not visible at plan time; `npm run verify` and docs/HOOKS.md cover those.
 */
export function checkTelephonyHooks(hooks: readonly TelephonyHookDecl[]): void {
  const active = hooks.filter((h) => (h.status ?? "ACTIVE") === "ACTIVE").map((h) => h.key);
  if (active.length > MAX_ACTIVE_TELEPHONY_HOOKS) {
    throw new HookError(
      "telephony_hook_conflict",
      `telephony providers: Okta allows ${MAX_ACTIVE_TELEPHONY_HOOKS} ACTIVE telephony inline hook per org (a second one is silently skipped); this stack declares ${active.length}: ${active.join(", ")}. Keep one ACTIVE and set status INACTIVE on the others.`,
    );
  }
}

/** Fails when the stack's event hooks plus those already in the org exceed Okta's limit. */
export function checkEventHookCount(keys: readonly string[], alreadyInOrg = 0): void {
  const total = keys.length + alreadyInOrg;
  if (total > MAX_EVENT_HOOKS_PER_ORG) {
    const others = alreadyInOrg > 0 ? ` plus ${alreadyInOrg} already in the org` : "";
    throw new HookError(
      "event_hook_limit",
      `event hooks: Okta allows ${MAX_EVENT_HOOKS_PER_ORG} per org; this stack declares ${keys.length} (${keys.join(", ")})${others}`,
    );
  }
}
