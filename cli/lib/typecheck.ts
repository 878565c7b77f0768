// The type check the Pulumi engine runs before it runs the program: its Node host loads the
// entry (package.json `main`, index.ts) with ts-node, which type-checks every project file it
// loads against tsconfig.json and refuses the program on an error (@pulumi/pulumi
// cmd/run/run.js; ts-node 7 skips node_modules and ignores diagnostics 6059, 18002, 18003). The
// plan does the same with the TypeScript compiler, incrementally: a fingerprint of the files
// the last check read skips the compiler entirely when none changed, and tsc's build info under
// node_modules/.cache makes a re-check after an edit cheaper than a cold one.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface TypeCheckOptions {
  /** The project root: tsconfig.json, package.json and the entry are resolved from it. */
  readonly root: string;
  /** Where the fingerprint and tsc's build info live. */
  readonly cacheDir: string;
  /** Environment, for PULUMI_NODEJS_TRANSPILE_ONLY / PULUMI_NODEJS_TSCONFIG_PATH. */
  readonly env?: NodeJS.ProcessEnv;
  /** Entry relative to root (Pulumi.yaml `main`); else package.json `main`, else index.ts. */
  readonly main?: string;
}

export interface TypeCheckResult {
  /** `skipped`: nothing changed since a check that passed; `off`: the engine would not check. */
  readonly status: "passed" | "failed" | "skipped" | "off";
  /** tsc-style `file(line,col): error TSnnnn: message` lines, files relative to root. */
  readonly errors: string[];
  /** Files the check covered (outside node_modules). */
  readonly files: number;
  readonly elapsedMs: number;
}

// ts-node 7's own ignore list (vendor/ts-node@7.0.1 register()).
const IGNORED = new Set([6059, 18002, 18003]);

interface Stamp {
  /** fingerprint() of the inputs and of `files` when they were checked. */
  readonly key: string;
  readonly files: string[];
  readonly errors: string[];
}

function statLine(file: string): string {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? `${file}:${s.size}:${s.mtimeMs}` : `${file}:missing`;
}

/** The inputs a check depends on besides the source files: compiler, config, dependencies. */
function inputsKey(root: string, tsconfig: string, entry: string, tsVersion: string): string {
  return createHash("sha256")
    .update(
      [
        tsVersion,
        entry,
        statLine(tsconfig),
        statLine(path.join(root, "package.json")),
        // npm rewrites this on every install: dependency changes re-check.
        statLine(path.join(root, "node_modules", ".package-lock.json")),
      ].join("\n"),
    )
    .digest("hex");
}

function fingerprint(key: string, files: readonly string[]): string {
  return createHash("sha256")
    .update([key, ...files.map(statLine)].join("\n"))
    .digest("hex");
}

function entryOf(root: string, main: string | undefined): string {
  if (main !== undefined) return path.resolve(root, main);
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      main?: unknown;
    };
    if (typeof pkg.main === "string") return path.resolve(root, pkg.main);
  } catch {
    // no package.json: Node's default entry
  }
  return path.join(root, "index.ts");
}

function readStamp(file: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function typeCheck(options: TypeCheckOptions): TypeCheckResult {
  const started = performance.now();
  const env = options.env ?? process.env;
  const { root } = options;
  const done = (status: TypeCheckResult["status"], errors: string[], files: number) => ({
    status,
    errors,
    files,
    elapsedMs: Math.round(performance.now() - started),
  });
  // The engine's own switch (cmd/run/run.js): type checking off.
  if (env["PULUMI_NODEJS_TRANSPILE_ONLY"] === "true") return done("off", [], 0);

  const tsconfig = path.resolve(root, env["PULUMI_NODEJS_TSCONFIG_PATH"] ?? "tsconfig.json");
  const entry = entryOf(root, options.main);
  const stampFile = path.join(options.cacheDir, "typecheck.json");
  // The project's own compiler, as the engine uses it; its version without loading it (that
  // alone costs ~200 ms).
  const projectRequire = createRequire(path.join(root, "package.json"));
  const tsPackage = projectRequire.resolve("typescript/package.json");
  const tsVersion = (JSON.parse(readFileSync(tsPackage, "utf8")) as { version: string }).version;
  const key = inputsKey(root, tsconfig, entry, tsVersion);
  const previous = readStamp(stampFile);
  if (previous && previous.key === fingerprint(key, previous.files)) {
    return done(
      previous.errors.length === 0 ? "skipped" : "failed",
      previous.errors,
      previous.files.length,
    );
  }

  const ts = projectRequire("typescript") as typeof import("typescript");
  const config = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config ?? {}, ts.sys, path.dirname(tsconfig));
  // tsconfig's `noCheck` is the engine's other switch.
  if ((parsed.options as { noCheck?: boolean }).noCheck === true) return done("off", [], 0);
  mkdirSync(options.cacheDir, { recursive: true });
  const compilerOptions = {
    ...parsed.options,
    noEmit: true,
    incremental: true,
    tsBuildInfoFile: path.join(options.cacheDir, "engine.tsbuildinfo"),
  };
  const host = ts.createIncrementalCompilerHost(compilerOptions);
  const program = ts.createIncrementalProgram({
    rootNames: [entry],
    options: compilerOptions,
    host,
  });
  const own = (f: { fileName: string }) => !f.fileName.split(/[\\/]/).includes("node_modules");
  const diagnostics = [
    ...(config.error ? [config.error] : []),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ].filter((d) => !IGNORED.has(d.code) && (d.file === undefined || own(d.file)));
  // Writes only the build info (noEmit), so the next check after an edit starts warm.
  program.emit();

  const errors = diagnostics
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (d.file === undefined || d.start === undefined) return `error TS${d.code}: ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const file = path.relative(root, d.file.fileName);
      return `${file}(${line + 1},${character + 1}): error TS${d.code}: ${message}`;
    });
  const files = program
    .getProgram()
    .getSourceFiles()
    .filter(own)
    .map((f) => path.resolve(f.fileName));
  const read = [...new Set([tsconfig, ...files])].sort();
  const stamp: Stamp = { key: fingerprint(key, read), files: read, errors };
  writeAtomically(stampFile, JSON.stringify(stamp));
  return done(errors.length === 0 ? "passed" : "failed", errors, files.length);
}
