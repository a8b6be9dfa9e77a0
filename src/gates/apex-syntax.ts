import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { listFiles, relativeTo } from './files.js';
import type { GateProblem, GateResult } from './problem.js';

/** Collects syntax errors from both the lexer and the parser. */
class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column, message });
  }
}

/** Which parser entry point a file needs, from its extension. */
export type ApexUnitKind = 'class' | 'trigger' | 'anonymous';

export function unitKindOf(file: string): ApexUnitKind {
  if (file.endsWith('.trigger')) return 'trigger';
  if (file.endsWith('.apex')) return 'anonymous';
  return 'class';
}

/**
 * Parses one Apex source text. Returns its syntax errors with 1-based lines and columns
 * (the parser reports 0-based columns).
 */
export function parseApexSource(
  source: string,
  kind: ApexUnitKind
): { line: number; column: number; message: string }[] {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (kind === 'trigger') parser.triggerUnit();
  else if (kind === 'anonymous') parser.anonymousUnit();
  else parser.compilationUnit();
  return listener.errors.map((error) => ({ ...error, column: error.column + 1 }));
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
