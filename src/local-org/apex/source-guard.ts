/**
 * Source guard: cheap checks run on Apex source BEFORE it reaches the ANTLR parser (deploy,
 * executeAnonymous, the runtime loader, the apex-syntax gate), so that input no compiler would accept
 * is refused in linear time with one compile problem instead of blocking the server:
 *
 * - size: a class or trigger of more than 1,000,000 characters, an anonymous block of more than
 *   32,000 bytes ("Script too large");
 * - binary garbage: a control character (NUL, …; tab, line feed, form feed and carriage return are
 *   fine) outside a comment;
 * - nesting: more than MAX_NESTING_DEPTH open brackets — `(`, `[`, `{` outside strings and comments —
 *   which would otherwise drive the recursive-descent parser (and the tree walkers after it) into
 *   minutes of work or a stack overflow.
 *
 * The front end (front-end/parse.ts) calls it for every source and also stops after 20 syntax errors,
 * so a megabyte of `#` costs an error list of bounded length, not one error per character.
 * Limits and sources: docs/local-org.md ("Limits") and docs/platform-facts.md.
 */

/** Apex "Maximum number of characters for a class" / "for a trigger" (Execution Governors and Limits, static limits). */
export const MAX_APEX_FILE_CHARS = 1_000_000;
/** The SOAP API's executeAnonymous refuses scripts over 32,000 bytes ("Script too large"). */
export const MAX_ANONYMOUS_BYTES = 32_000;
/** Local limit (no platform figure is published): brackets open at once, outside strings and comments. */
export const MAX_NESTING_DEPTH = 256;

export type ApexSourceKind = 'class' | 'trigger' | 'anonymous';

/** One compile problem, 1-based line and column, worded as an org words it. */
export interface SourceGuardProblem {
  line: number;
  column: number;
  message: string;
}

function isControl(code: number): boolean {
  // Tab (9), line feed (10), form feed (12) and carriage return (13) are white space in Apex.
  return (code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 127;
}

function describeChar(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Checks `source` in one pass. Returns the first problem, or undefined when the parser may run.
 * Never throws, never allocates more than a few numbers.
 */
export function guardApexSource(source: string, kind: ApexSourceKind): SourceGuardProblem | undefined {
  if (kind === 'anonymous') {
    const bytes = Buffer.byteLength(source, 'utf8');
    if (bytes > MAX_ANONYMOUS_BYTES)
      return { line: 1, column: 1, message: `Script too large: ${bytes} bytes (the limit is ${MAX_ANONYMOUS_BYTES})` };
  } else if (source.length > MAX_APEX_FILE_CHARS) {
    return {
      line: 1,
      column: 1,
      message: `${kind === 'trigger' ? 'Trigger' : 'Class'} is too large: ${source.length} characters (the limit is ${MAX_APEX_FILE_CHARS.toLocaleString('en-US')})`
    };
  }
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  // 0 code, 1 line comment, 2 block comment, 3 string literal
  let state = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      if (state === 1) state = 0;
      continue;
    }
    if (state === 1) continue;
    if (state === 2) {
      if (c === 42 && source.charCodeAt(i + 1) === 47) {
        state = 0;
        i++;
      }
      continue;
    }
    if (isControl(c))
      return { line, column: i - lineStart + 1, message: `Invalid character in identifier: ${describeChar(c)}` };
    if (state === 3) {
      if (c === 92)
        i++; // backslash escape
      else if (c === 39) state = 0;
      continue;
    }
    if (c === 47) {
      const next = source.charCodeAt(i + 1);
      if (next === 47) state = 1;
      else if (next === 42) {
        state = 2;
        i++;
      }
      continue;
    }
    if (c === 39) state = 3;
    else if (c === 40 || c === 91 || c === 123) {
      depth++;
      if (depth > MAX_NESTING_DEPTH)
        return {
          line,
          column: i - lineStart + 1,
          message: `Nesting too deep: more than ${MAX_NESTING_DEPTH} levels of brackets, parentheses and braces`
        };
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}
