// SameType (config/sameType.ts) is what keeps each plain config type equal to what its zod
// schema parses to. This compiles schemas against plain types that differ from them in one way
// each, as the project's tsc would, and expects exactly those lines to be refused.
import { join } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

// A file of its own in test/config/, so "zod" and "../../config/sameType" resolve as they do here.
const file = join(__dirname, "sameType.snippet.ts");

const CASES = {
  same: "interface T { auth: 'jwt' | 'api-key'; groups?: string[]; feedback: boolean }",
  optionalMadeRequired:
    "interface T { auth: 'jwt' | 'api-key'; groups: string[]; feedback: boolean }",
  defaultedMadeOptional:
    "interface T { auth: 'jwt' | 'api-key'; groups?: string[]; feedback?: boolean }",
  readonlyAdded:
    "interface T { readonly auth: 'jwt' | 'api-key'; groups?: string[]; feedback: boolean }",
  literalAdded:
    "interface T { auth: 'jwt' | 'api-key' | 'basic'; groups?: string[]; feedback: boolean }",
  keyAdded:
    "interface T { auth: 'jwt' | 'api-key'; groups?: string[]; feedback: boolean; extra?: string }",
  anyTyped: "interface T { auth: any; groups?: string[]; feedback: boolean }",
};

function source(): string {
  const lines = [
    'import { z } from "zod";',
    'import type { SameType } from "../../config/sameType";',
    "const schema = z.strictObject({",
    '  auth: z.enum(["jwt", "api-key"]).default("jwt"),',
    "  groups: z.array(z.string()).optional(),",
    "  feedback: z.boolean().default(true),",
    "});",
  ];
  for (const [name, plain] of Object.entries(CASES))
    lines.push(
      `namespace ${name} { ${plain} true satisfies SameType<z.output<typeof schema>, T>; }`,
    );
  return lines.join("\n") + "\n";
}

it("refuses a plain type that differs from what its schema parses to in any one way", () => {
  const text = source();
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, text, lang) : read(name, lang, ...rest);
  const program = ts.createProgram({ rootNames: [file], options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const refused = diagnostics.map((d) => {
    expect(d.file?.fileName, ts.flattenDiagnosticMessageText(d.messageText, "\n")).toBe(file);
    // TS1360: "Type 'boolean' does not satisfy the expected type '{ schemaParsesTo; plainTypeIs }'".
    expect(d.code).toBe(1360);
    const line = d.file!.getLineAndCharacterOfPosition(d.start!).line;
    return /^namespace (\w+)/.exec(text.split("\n")[line]!)![1];
  });
  expect(refused).toEqual(Object.keys(CASES).filter((name) => name !== "same"));
}, 60_000);
