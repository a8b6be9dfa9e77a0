import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';
import { listFiles, relativeTo } from './files.js';
import type { GateProblem, GateResult } from './problem.js';

/** File endings the format gate covers: Apex, metadata XML, LWC sources, TypeScript and JSON. */
export const FORMATTED_SUFFIXES = ['.cls', '.trigger', '.apex', '-meta.xml', '.js', '.html', '.css', '.ts', '.json'];

/**
 * Gate: every covered file is formatted as prettier (with prettier-plugin-apex and the XML
 * plugin, configured in `.prettierrc`) would write it. Honours `.prettierignore`.
 */
export async function checkFormat(projectDir: string, roots: string[]): Promise<GateResult> {
  const ignorePath = path.join(projectDir, '.prettierignore');
  const files = (
    await Promise.all(roots.map((root) => listFiles(path.resolve(projectDir, root), FORMATTED_SUFFIXES)))
  ).flat();
  const problems: GateProblem[] = [];
  let checked = 0;
  for (const file of files) {
    const info = await prettier.getFileInfo(file, { ignorePath, resolveConfig: true });
    if (info.ignored || info.inferredParser === null) continue;
    checked += 1;
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    const source = await readFile(file, 'utf8');
    const rel = relativeTo(projectDir, file);
    try {
      if (!(await prettier.check(source, options))) {
        const formatted = await prettier.format(source, options);
        const { line, column } = firstDifference(source, formatted);
        problems.push({
          file: rel,
          line,
          column,
          message: 'not formatted: run `npx prettier --write ' + rel + '`',
          rule: 'prettier'
        });
      }
    } catch (error) {
      problems.push({
        file: rel,
        ...locationOf(error),
        message: `prettier cannot parse it: ${firstLine(error)}`,
        rule: 'prettier'
      });
    }
  }
  return { gate: 'format', checked, problems, notes: [] };
}

/** 1-based line and column of the first character where two texts differ. */
export function firstDifference(a: string, b: string): { line: number; column: number } {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  const before = a.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function locationOf(error: unknown): { line: number; column: number } {
  const loc = (error as { loc?: { start?: { line?: number; column?: number } } }).loc?.start;
  return { line: loc?.line ?? 0, column: loc?.column ?? 0 };
}
