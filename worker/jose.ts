// The Worker's jose for components/auth: named imports, so esbuild bundles only what signing
// needs (a whole namespace passed as a value would carry all of jose, about 85 kB).

import { SignJWT, base64url, exportJWK, generateKeyPair, importPKCS8 } from "jose";
import type { Jose } from "../components/auth/runtime";

export const jose: Jose = { SignJWT, base64url, exportJWK, generateKeyPair, importPKCS8 };
