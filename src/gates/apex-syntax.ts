import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseApex, unitKindOf, type ApexUnitKind } from '../local-org/index.js';
import { listFiles, relativeTo } from './files.js';
import type { GateProblem, GateResult } from './problem.js';

export { unitKindOf, type ApexUnitKind };

/**
 * Parses one Apex source text with the local org's front end. Returns its syntax errors as an org reports
 * them: 1-based lines and columns, the compiler's wording.
 */
export function parseApexSource(
  source: string,
  kind: ApexUnitKind
): { line: number; column: number; message: string }[] {
  return parseApex(source, kind).problems.map((p) => ({ ...p }));
}

/**
 * Test fixtures that are broken on purpose live in a folder named `bad` (for example
 * `test/fixtures/local-org/bad/`); the gates skip them, as `.prettierignore` does.
 */
export const isDeliberatelyBroken = (relativePath: string): boolean => relativePath.split('/').includes('bad');

/** Gate: every `.cls`, `.trigger` and `.apex` file under `roots` parses without error. */
export async function checkApexSyntax(projectDir: string, roots: string[]): Promise<GateResult> {
  const files = (
    await Promise.all(roots.map((root) => listFiles(path.resolve(projectDir, root), ['.cls', '.trigger', '.apex'])))
  )
    .flat()
    .filter((file) => !isDeliberatelyBroken(relativeTo(projectDir, file)));
  const problems: GateProblem[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    for (const error of parseApexSource(source, unitKindOf(file))) {
      problems.push({ file: relativeTo(projectDir, file), ...error, rule: 'apex-syntax' });
    }
  }
  return { gate: 'apex-syntax', checked: files.length, problems, notes: [] };
}
