/**
 * The SOSL search expression: words and "quoted phrases", `*` (any characters) and `?` (one
 * character) wildcards, AND (implied between terms), OR, AND NOT and parentheses ("FIND
 * {SearchQuery}", https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm).
 * A term matches a record when one of its searched fields holds the term's words in sequence, each
 * word matched whole and case-insensitively. Relevance ranking and stemming are not modelled.
 */
import { malformedSearch } from './parse.js';

type Node =
  | { kind: 'term'; words: RegExp[] }
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; left: Node; right: Node };

/** Words of a text: runs of letters and digits, lower-cased. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function termRegexps(term: string): RegExp[] {
  const parts = term.toLowerCase().match(/[\p{L}\p{N}*?]+/gu) ?? [];
  return parts.map((p) => new RegExp(`^${p.replace(/\*/g, '[\\p{L}\\p{N}]*').replace(/\?/g, '[\\p{L}\\p{N}]')}$`, 'u'));
}

function tokens(search: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|\(|\)|[^\s()"]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(search))) out.push(m[1] !== undefined ? `"${m[1]}` : m[0]);
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: string[]) {}

  parse(): Node {
    const node = this.or();
    if (this.pos < this.toks.length) throw malformedSearch(`unexpected token in search: ${this.toks[this.pos]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.toks[this.pos];
  }

  private or(): Node {
    let left = this.and();
    while (this.peek()?.toUpperCase() === 'OR') {
      this.pos++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.primary();
    for (;;) {
      const t = this.peek();
      if (t === undefined || t === ')' || t.toUpperCase() === 'OR') return left;
      if (t.toUpperCase() === 'AND') {
        this.pos++;
        if (this.peek()?.toUpperCase() === 'NOT') {
          this.pos++;
          left = { kind: 'not', left, right: this.primary() };
          continue;
        }
      }
      left = { kind: 'and', left, right: this.primary() };
    }
  }

  private primary(): Node {
    const t = this.toks[this.pos++];
    if (t === undefined) throw malformedSearch('unexpected end of search terms');
    if (t === '(') {
      const inner = this.or();
      if (this.toks[this.pos++] !== ')') throw malformedSearch('unbalanced parentheses in search terms');
      return inner;
    }
    const text = t.startsWith('"') ? t.slice(1) : t;
    const plain = text.replace(/[*?]/g, '');
    if ([...plain.replace(/[^\p{L}\p{N}]/gu, '')].length < 2)
      throw malformedSearch('search term must be longer than one character');
    return { kind: 'term', words: termRegexps(text) };
  }
}

/** A predicate over a record's searched field values. */
export function compileSearch(search: string): (fields: string[][]) => boolean {
  const tree = new Parser(tokens(search.replace(/\\(.)/g, '$1'))).parse();
  const term = (ws: RegExp[], fields: string[][]): boolean =>
    fields.some((f) => {
      for (let i = 0; i + ws.length <= f.length; i++) if (ws.every((w, j) => w.test(f[i + j]))) return true;
      return false;
    });
  const evalNode = (n: Node, fields: string[][]): boolean => {
    switch (n.kind) {
      case 'term':
        return term(n.words, fields);
      case 'and':
        return evalNode(n.left, fields) && evalNode(n.right, fields);
      case 'or':
        return evalNode(n.left, fields) || evalNode(n.right, fields);
      case 'not':
        return evalNode(n.left, fields) && !evalNode(n.right, fields);
    }
  };
  return (fields) => evalNode(tree, fields);
}
