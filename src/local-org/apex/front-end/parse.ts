/**
 * The one Apex front end: every Apex source the local org sees (a deployed class or trigger, an anonymous
 * block, a file the gates check) is parsed here, with @apexdevtools/apex-parser (pinned 5.2.0), and its
 * syntax errors come back in the org's shape — 1-based line and column and the compiler's wording.
 *
 * Each source is parsed once: the result is memoised by (kind, text), so the deploy's syntax check, the
 * deploy-time compile, the test runner's compile and executeAnonymous's pre-check share one parse tree.
 * Trees are never mutated by their users (the interpreter only caches syntactic accessors on nodes).
 */
import {
  ApexErrorListener,
  ApexParserFactory,
  type AnonymousUnitContext,
  type CompilationUnitContext,
  type TriggerUnitContext
} from '@apexdevtools/apex-parser';
import { guardApexSource } from '../source-guard.js';
import { cachedTree, storeTree } from './parse-cache.js';
import { orgSyntaxMessage } from './syntax-messages.js';

/** Which parser entry point a source needs. */
export type ApexUnitKind = 'class' | 'trigger' | 'anonymous';

/** One syntax error as an org reports it: 1-based line and column, the compiler's wording. */
export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

interface Trees {
  class: CompilationUnitContext;
  trigger: TriggerUnitContext;
  anonymous: AnonymousUnitContext;
}

export interface ParsedApex<K extends ApexUnitKind = ApexUnitKind> {
  readonly kind: K;
  /** The parse tree (ANTLR recovers from errors, so a tree exists even when `problems` is not empty). */
  readonly tree: Trees[K];
  readonly problems: readonly SyntaxProblem[];
}

/**
 * At most this many syntax errors are collected; parsing stops at the next one. Garbage input (a binary
 * file, a wrong file type) otherwise costs ANTLR's recovery on every token.
 */
export const MAX_SYNTAX_PROBLEMS = 20;

/** The parser entry point a file needs, from its extension. */
export function unitKindOf(file: string): ApexUnitKind {
  if (file.endsWith('.trigger')) return 'trigger';
  if (file.endsWith('.apex')) return 'anonymous';
  return 'class';
}

/** Thrown by the listener once the cap is reached, to stop the parser; never escapes this module. */
class TooManyProblems extends Error {}

class CollectingListener extends ApexErrorListener {
  readonly problems: SyntaxProblem[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.problems.push({ line, column: column + 1, message: orgSyntaxMessage(message) });
    if (this.problems.length >= MAX_SYNTAX_PROBLEMS) throw new TooManyProblems();
  }
}

/**
 * The source guard (`../source-guard.ts`): binary garbage, oversized sources and excessive nesting are
 * refused with one problem before ANTLR sees the text.
 */
function guardProblems(source: string, kind: ApexUnitKind): SyntaxProblem[] {
  const refused = guardApexSource(source, kind);
  return refused ? [refused] : [];
}

function parseUncached<K extends ApexUnitKind>(source: string, kind: K): ParsedApex<K> {
  const guarded = guardProblems(source, kind);
  // The on-disk cache (off unless configured) holds only sources that parsed without a problem.
  const stored = guarded.length ? undefined : cachedTree(source, kind);
  if (stored) return { kind, tree: stored as Trees[K], problems: [] };
  parses++;
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(guarded.length ? '' : source, listener);
  let tree: Trees[ApexUnitKind] | null = null;
  try {
    if (kind === 'trigger') tree = parser.triggerUnit();
    else if (kind === 'anonymous') tree = parser.anonymousUnit();
    else tree = parser.compilationUnit();
  } catch (e) {
    if (!(e instanceof TooManyProblems)) throw e;
  }
  const problems = guarded.length ? guarded : listener.problems;
  if (tree && problems.length === 0) storeTree(source, kind, tree);
  // A parse stopped by the cap has no usable tree; callers only read `tree` when `problems` is empty.
  return { kind, tree: tree as Trees[K], problems };
}

/** Memo bounds: enough for a large project's classes, small enough to never matter for memory. */
const MEMO_ENTRIES = 512;
const MEMO_CHARS = 16_000_000;
const memo = new Map<string, ParsedApex>();
let memoChars = 0;
let parses = 0;

/** Parses one Apex source (memoised: the same text and kind are parsed once). */
export function parseApex<K extends ApexUnitKind>(source: string, kind: K): ParsedApex<K> {
  const key = `${kind}\u0000${source}`;
  const hit = memo.get(key);
  if (hit) {
    memo.delete(key);
    memo.set(key, hit);
    return hit as ParsedApex<K>;
  }
  const parsed = parseUncached(source, kind);
  memo.set(key, parsed);
  memoChars += source.length;
  for (const [k] of memo) {
    if (memo.size <= MEMO_ENTRIES && memoChars <= MEMO_CHARS) break;
    memo.delete(k);
    memoChars -= k.length - k.indexOf('\u0000') - 1;
  }
  return parsed;
}

/** Forgets the in-process memo (tests use it to reach the on-disk cache as a new process would). */
export function forgetParsedSources(): void {
  memo.clear();
  memoChars = 0;
}

/** How many times the parser has actually run in this process (tests pin "parsed once" with it; a tree rebuilt from the on-disk cache is not a parse). */
export function parseCount(): number {
  return parses;
}
