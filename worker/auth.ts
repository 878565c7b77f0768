// Shared-secret header check for Okta hooks, in constant time: both values are hashed first, so
// neither the secret's content nor its length leaks through timing.

import type { HeaderAuthConfig } from "./env";
import { RequestError } from "./errors";

export interface HeaderAuth {
  /** True when the request carries the configured header with exactly the configured value. */
  verify(request: Request): Promise<boolean>;
}

export async function createHeaderAuth(config: HeaderAuthConfig): Promise<HeaderAuth> {
  const expected = await sha256(config.secret);
  return {
    async verify(request) {
      const presented = request.headers.get(config.header);
      // Hash something even when the header is missing so both paths cost the same.
      const actual = await sha256(presented ?? "");
      return presented !== null && equalBytes(actual, expected);
    },
  };
}

/** Throws the 401 before any body is read, so an unauthenticated caller runs no handler code. */
export async function requireAuth(auth: HeaderAuth, request: Request): Promise<void> {
  if (!(await auth.verify(request))) {
    throw new RequestError("unauthorized", 401, "hook auth header missing or wrong");
  }
}

async function sha256(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
