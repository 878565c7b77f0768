// Narrowing assertions for components/auth's results, shared by the token suites.

import { expect } from "vitest";
import type { TokenFailure, TokenGrant } from "../../../components/auth/tokenRequest";

export function expectGrant(result: unknown): asserts result is TokenGrant {
  expect(result).toMatchObject({ ok: true });
}

export function expectFailure(result: unknown): asserts result is TokenFailure {
  expect(result).toMatchObject({ ok: false });
}
