// Last line of defence before text leaves the CLI: masks known secret values and anything shaped
// like a JWT or a PEM block, so a secret that slipped into a message is still not printed.

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;
const MIN_SECRET_LENGTH = 8;

/** Replaces every occurrence of the given secrets, JWTs and PEM blocks with a marker. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text.replace(PEM_BLOCK, "[redacted key]").replace(JWT_SHAPE, "[redacted JWT]");
  // Longest first, so a secret that contains another is masked whole.
  const values = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH);
  for (const secret of values.sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** The strings inside a private key that must never be printed: PEM body lines, JWK members. */
export function keySecrets(
  privateKeyPem: string,
  privateKeyJwk: Record<string, unknown>,
): string[] {
  const pemLines = privateKeyPem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("-----"));
  const jwkMembers = ["d", "p", "q", "dp", "dq", "qi", "k"]
    .map((name) => privateKeyJwk[name])
    .filter((value): value is string => typeof value === "string");
  return [privateKeyPem, pemLines.join(""), ...pemLines, ...jwkMembers];
}
