// Renders oktaplane's public API (every export of components/index.ts with its type) as text, so
// an accidental change to the package's surface shows up as a diff in review (docs/API.txt).
// Usage: npx tsx scripts/api-surface.ts > docs/API.txt
import { join } from "node:path";
import ts from "typescript";

const ENTRY = join(__dirname, "..", "components", "index.ts");
const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;

function members(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): string[] {
  return (
    checker
      .getPropertiesOfType(type)
      // Own members only: what pulumi.ComponentResource brings is the SDK's surface, not ours.
      .filter(
        (p) =>
          !(p.declarations ?? []).some((d) =>
            d.getSourceFile().fileName.includes("/node_modules/"),
          ),
      )
      .map((p) => {
        const optional = (p.flags & ts.SymbolFlags.Optional) !== 0 ? "?" : "";
        const decl = p.valueDeclaration ?? p.declarations?.[0];
        const readonly =
          decl !== undefined && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly
            ? "readonly "
            : "";
        return `  ${readonly}${p.getName()}${optional}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(p, at), at, FLAGS)}`;
      })
  );
}

export function apiSurface(): string {
  const program = ts.createProgram([ENTRY], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    skipLibCheck: true,
    types: ["node"],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ENTRY)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const out: string[] = [];
  for (const exported of checker
    .getExportsOfModule(moduleSymbol)
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (decl === undefined) continue;
    if (symbol.flags & ts.SymbolFlags.Class) {
      const ctorType = checker.getTypeOfSymbolAtLocation(symbol, decl);
      const ctors = ctorType
        .getConstructSignatures()
        .map(
          (s) => `  constructor${checker.signatureToString(s, decl, FLAGS).replace(/ => .*$/, "")}`,
        );
      out.push(
        `class ${exported.name} {`,
        ...ctors,
        ...members(checker, checker.getDeclaredTypeOfSymbol(symbol), decl),
        "}",
      );
    } else if (symbol.flags & ts.SymbolFlags.Interface) {
      out.push(
        `interface ${exported.name} {`,
        ...members(checker, checker.getDeclaredTypeOfSymbol(symbol), decl),
        "}",
      );
    } else if (symbol.flags & ts.SymbolFlags.TypeAlias) {
      out.push(
        `type ${exported.name} = ${checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), decl, FLAGS | ts.TypeFormatFlags.InTypeAlias)}`,
      );
    } else if (symbol.flags & ts.SymbolFlags.Function) {
      const sigs = checker.getTypeOfSymbolAtLocation(symbol, decl).getCallSignatures();
      for (const s of sigs)
        out.push(`function ${exported.name}${checker.signatureToString(s, decl, FLAGS)}`);
    } else {
      out.push(
        `const ${exported.name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, decl), decl, FLAGS)}`,
      );
    }
  }
  // Type names of dependencies print as absolute import paths: keep only the package path.
  return out.join("\n").replace(/import\("[^"]*\/node_modules\/([^"]+)"\)/g, 'import("$1")') + "\n";
}

if (require.main === module) process.stdout.write(apiSurface());
