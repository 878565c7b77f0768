// What every function of components/auth takes: jose, and the clock and jti sources.
// jose is ESM-only, and each caller reaches it its own way: the Worker bundle imports it
// statically, the CommonJS CLI with `await import("jose")`, and the DPoP provider, whose closure
// Pulumi serializes, requires it when it runs (components/oktaApi/joseAtRunTime.ts). A module
// that imported jose itself would work in one of the three only, so it is passed in.

type JoseModule = typeof import("jose", { with: { "resolution-mode": "import" } });

/** The part of jose used here: all a caller must pass, and all the Worker has to bundle. */
export type Jose = Pick<
  JoseModule,
  "SignJWT" | "importPKCS8" | "generateKeyPair" | "exportJWK" | "base64url"
>;

export interface AuthRuntime {
  readonly jose: Jose;
  /** Current time in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** A fresh `jti` per JWT (Okta refuses a reused one). @default crypto.randomUUID */
  readonly newJti?: () => string;
}

export const nowOf = (rt: AuthRuntime): number => (rt.now ?? Date.now)();
export const jtiOf = (rt: AuthRuntime): string => (rt.newJti ?? (() => crypto.randomUUID()))();
