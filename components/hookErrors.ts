// The one error the hook components raise for bad arguments or an org rule the stack would
// break: a stable `code` per failure and a message naming the argument, the value and what is
// allowed, so the plan fails before anything is created.

export type HookErrorCode =
  /** Not exactly one of workersDevSubdomain, customDomain, externalUrl. */
  | "route_invalid"
  /** An argument's value is malformed or out of range. */
  | "argument_invalid"
  /** A binding the Worker requires has no value. */
  | "binding_missing"
  /** More than one ACTIVE telephony inline hook would exist in the org. */
  | "telephony_hook_conflict"
  /** More event hooks than Okta allows per org. */
  | "event_hook_limit";

export class HookError extends Error {
  override readonly name = "HookError";
  constructor(
    readonly code: HookErrorCode,
    message: string,
  ) {
    super(message);
  }
}
