/**
 * The mocha test files of `npm test`: every `test/**\/*.test.ts`, no list to keep. Files that start
 * processes (the sf CLI, a script, Java, a browser) or run the fuzz suite take seconds to minutes, the
 * rest milliseconds; with files spread over parallel workers, a long file started last would leave
 * one worker running alone at the end, so the files with the most such calls go first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SLOW_CALLS =
  /\b(?:spawn|spawnSync|execFile|execFileSync|runProcess|runFuzz|checkCodeAnalyzer|launch)\(|\bsf\.run\(/g;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** How many slow calls a test file makes, as written. */
export function slowCalls(source: string): number {
  return source.match(SLOW_CALLS)?.length ?? 0;
}

export function mochaFiles(root: string): string[] {
  const files = walk(path.join(root, 'test')).map((file) => ({ file, weight: slowCalls(readFileSync(file, 'utf8')) }));
  files.sort((a, b) => b.weight - a.weight || a.file.localeCompare(b.file));
  return files.map(({ file }) => path.relative(root, file));
}
