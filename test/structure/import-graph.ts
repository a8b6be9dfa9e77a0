/**
 * The project's import graph (relative imports of src/, scripts/ and bench/, type-only and dynamic ones
 * included, read with the TypeScript compiler's own pre-processor) and the rules that keep the layout
 * true: no import cycle outside the Apex evaluator's folder, other subsystems reach a subsystem only
 * through its index.ts, and the local org's rooms depend on each other in one direction only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Project-relative file → the project-relative files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Subsystems: everything outside one may import only its entry file. */
export const SUBSYSTEMS = ['src/local-org', 'src/toolchain', 'src/gates'] as const;

/** The one folder whose files may import each other in circles (the evaluator's mutual recursion). */
export const CYCLES_ALLOWED_IN = 'src/local-org/apex/';

/**
 * The local org's rooms and the rooms each may import. The Apex runtime and the store know nothing of
 * the org around them; the org's machinery never reaches back into HTTP. A room not listed here (a new
 * folder) may import the listed ones, and only `server` and the top-level files may import it.
 */
export const LOCAL_ORG_ROOMS: Readonly<Record<string, readonly string[]>> = {
  store: [],
  apex: [],
  metadata: ['apex', 'store'],
  org: ['apex', 'metadata', 'store'],
  server: ['org', 'apex', 'metadata', 'store']
};

/** Seams between subsystems: the toolchain reaches any org over HTTP only (@salesforce/core). */
export const FORBIDDEN_SUBSYSTEM_IMPORTS: readonly [from: string, to: string][] = [
  ['src/toolchain', 'src/local-org'],
  ['src/local-org', 'src/toolchain']
];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|mts)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Reads the graph of the project's source folders (relative imports resolved to their .ts files). */
export function readImportGraph(root: string, folders: readonly string[] = ['src', 'scripts', 'bench']): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const folder of folders) {
    if (!existsSync(path.join(root, folder))) continue;
    for (const file of sourceFiles(path.join(root, folder))) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets: string[] = [];
      for (const { fileName } of info.importedFiles) {
        if (!fileName.startsWith('.')) continue;
        const resolved = path.resolve(path.dirname(file), fileName).replace(/\.js$/, '.ts');
        const candidates = [resolved, `${resolved}.ts`, path.join(resolved, 'index.ts')];
        const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
        targets.push(
          path
            .relative(root, hit ?? resolved)
            .split(path.sep)
            .join('/')
        );
      }
      graph.set(path.relative(root, file).split(path.sep).join('/'), targets);
    }
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): the cycles. */
export function findCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}

/** Cycles with a file outside the evaluator's folder. */
export function forbiddenCycles(graph: ImportGraph): string[][] {
  return findCycles(graph).filter((c) => c.some((f) => !f.startsWith(CYCLES_ALLOWED_IN)));
}

function subsystemOf(file: string): string | undefined {
  return SUBSYSTEMS.find((s) => file.startsWith(`${s}/`));
}

/** The local-org room of a file: its first folder under src/local-org, '' for the top-level files. */
function roomOf(file: string): string | undefined {
  if (!file.startsWith('src/local-org/')) return undefined;
  const parts = file.slice('src/local-org/'.length).split('/');
  return parts.length > 1 ? parts[0] : '';
}

function roomMayImport(from: string, to: string): boolean {
  if (from === to || from === '') return true;
  const allowed = LOCAL_ORG_ROOMS[from];
  if (allowed === undefined) return to in LOCAL_ORG_ROOMS; // a new room: the listed rooms only
  if (!(to in LOCAL_ORG_ROOMS)) return from === 'server'; // only the HTTP side uses a new room
  return allowed.includes(to);
}

/** Imports that break the layout, each as "from -> to: why". */
export function layoutViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const own = subsystemOf(from);
      const target = subsystemOf(to);
      if (target && own !== target && to !== `${target}/index.ts`)
        out.push(`${from} -> ${to}: outside ${target}, import only ${target}/index.ts`);
      for (const [a, b] of FORBIDDEN_SUBSYSTEM_IMPORTS)
        if (own === a && target === b) out.push(`${from} -> ${to}: ${a} must not depend on ${b}`);
      const fromRoom = roomOf(from);
      const toRoom = roomOf(to);
      if (fromRoom !== undefined && toRoom !== undefined && !roomMayImport(fromRoom, toRoom))
        out.push(
          `${from} -> ${to}: the local org's ${fromRoom || 'top level'} may import only ${(LOCAL_ORG_ROOMS[fromRoom] ?? Object.keys(LOCAL_ORG_ROOMS)).join(', ') || 'itself'} (test/structure/import-graph.ts)`
        );
    }
  }
  return out;
}
