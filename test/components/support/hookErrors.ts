// Test helper: the HookError a call throws (any other error, or none, fails the test).

import { HookError } from "../../../components/hookErrors";

export function errorOf(fn: () => unknown): HookError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HookError) return error;
    throw error;
  }
  throw new Error("expected a HookError");
}
