// Shared-secret header check for Okta hooks, in constant time: the comparison always runs over
// the configured secret's length, so its timing says nothing about the presented value.

import type { HeaderAuthConfig } from "./env";
import { RequestError } from "./errors";

export interface HeaderAuth {
  /** True when the request carries the configured header with exactly the configured value. */
  verify(request: Request): boolean;
}

export function createHeaderAuth(config: HeaderAuthConfig): HeaderAuth {
  const encoder = new TextEncoder();
  const expected = encoder.encode(config.secret);
  return {
    verify(request) {
      const presented = request.headers.get(config.header);
      return presented !== null && constantTimeEqual(encoder.encode(presented), expected);
    },
  };
}

/** Throws the 401 before any body is read, so an unauthenticated caller runs no handler code. */
export function requireAuth(auth: HeaderAuth, request: Request): void {
  if (!auth.verify(request)) {
    throw new RequestError("unauthorized", 401, "hook auth header missing or wrong");
  }
}

/** No early exit: every byte of `expected` is compared whatever `actual` holds. */
export function constantTimeEqual(actual: Uint8Array, expected: Uint8Array): boolean {
  let diff = actual.length ^ expected.length;
  const wrap = Math.max(actual.length, 1);
  for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ (actual[i % wrap] ?? 0);
  return diff === 0;
}
