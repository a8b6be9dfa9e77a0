/**
 * SOSL text → its parts: `FIND {terms} | 'terms' | :bind [IN ALL|NAME|EMAIL|PHONE FIELDS]
 * [RETURNING Obj[(fields [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n])], …] [LIMIT n]`
 * ("SOSL Syntax", https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_syntax.htm).
 * The RETURNING specs' field lists and clauses are SOQL, run by the SOQL engine. `WITH` and `UPDATE`
 * clauses and `SIDEBAR FIELDS` fail loudly.
 */
import { SalesforceError } from '../errors.js';

export type SearchScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';

export interface ReturningSpec {
  object: string;
  /** SOQL field list (`Id` when the spec names only the object). */
  fields: string;
  where?: string;
  orderBy?: string;
  limit?: number;
  offset?: number;
}

export interface ParsedSosl {
  /** The search expression, or `:name` of a bind variable. */
  search: string;
  bind?: string;
  scope: SearchScope;
  returning: ReturningSpec[];
  limit?: number;
}

export const malformedSearch = (message: string): SalesforceError => new SalesforceError('MALFORMED_SEARCH', message);

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  /** Consumes the keyword sequence (case-insensitive, whole words) when it comes next. */
  keyword(...words: string[]): boolean {
    const save = this.pos;
    for (const w of words) {
      this.skipSpace();
      const next = this.text.slice(this.pos, this.pos + w.length);
      const after = this.text[this.pos + w.length] ?? ' ';
      if (next.toUpperCase() !== w || /[A-Za-z0-9_]/.test(after)) {
        this.pos = save;
        return false;
      }
      this.pos += w.length;
    }
    return true;
  }
  identifier(): string | undefined {
    this.skipSpace();
    const m = /^[A-Za-z][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  integer(what: string): number {
    this.skipSpace();
    const m = /^\d+/.exec(this.text.slice(this.pos));
    if (!m) throw malformedSearch(`${what} needs a number`);
    this.pos += m[0].length;
    return Number(m[0]);
  }
  done(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }
}

/** Reads `{…}` (with `\}` escapes) or a quoted string starting at the cursor. */
function searchText(c: Cursor): string {
  c.skipSpace();
  const open = c.text[c.pos];
  const close = open === '{' ? '}' : open === "'" ? "'" : undefined;
  if (!close) throw malformedSearch('FIND must be followed by {search terms}, a quoted string or a bind variable');
  let out = '';
  for (let i = c.pos + 1; i < c.text.length; i++) {
    const ch = c.text[i];
    if (ch === '\\' && i + 1 < c.text.length) {
      out += ch + c.text[++i];
      continue;
    }
    if (ch === close) {
      c.pos = i + 1;
      return out;
    }
    out += ch;
  }
  throw malformedSearch(`unterminated search terms: missing ${close}`);
}

/** Splits at top-level commas, outside parentheses and quotes. */
function topLevel(text: string, at: (i: number) => boolean): number[] {
  const hits: number[] = [];
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && at(i)) hits.push(i);
  }
  return hits;
}

const CLAUSES = ['WHERE', 'ORDER BY', 'LIMIT', 'OFFSET', 'USING'];

/** `Name, Phone WHERE … ORDER BY … LIMIT n OFFSET m` → its parts. */
function spec(object: string, inner: string | undefined): ReturningSpec {
  if (inner === undefined || inner.trim() === '') return { object, fields: 'Id' };
  const starts: { clause: string; at: number }[] = [];
  for (const clause of CLAUSES) {
    const re = new RegExp(`^${clause.replace(' ', '\\s+')}\\b`, 'i');
    for (const at of topLevel(inner, (i) => /\s/.test(inner[i - 1] ?? ' ') && re.test(inner.slice(i))))
      starts.push({ clause, at });
  }
  starts.sort((a, b) => a.at - b.at);
  const fields = inner.slice(0, starts[0]?.at ?? inner.length).trim();
  const out: ReturningSpec = { object, fields: fields || 'Id' };
  starts.forEach((s, i) => {
    const body = inner
      .slice(s.at, starts[i + 1]?.at ?? inner.length)
      .replace(new RegExp(`^${s.clause.replace(' ', '\\s+')}`, 'i'), '')
      .trim();
    if (s.clause === 'WHERE') out.where = body;
    else if (s.clause === 'ORDER BY') out.orderBy = body;
    else if (s.clause === 'USING') throw malformedSearch('USING ListView is not supported by the local org');
    else {
      if (!/^\d+$/.test(body)) throw malformedSearch(`${s.clause} needs a number, got ${body}`);
      if (s.clause === 'LIMIT') out.limit = Number(body);
      else out.offset = Number(body);
    }
  });
  return out;
}

export function parseSosl(text: string): ParsedSosl {
  const c = new Cursor(text);
  if (!c.keyword('FIND')) throw malformedSearch('a search must start with FIND');
  c.skipSpace();
  let search = '';
  let bind: string | undefined;
  if (c.text[c.pos] === ':') {
    c.pos++;
    bind = c.identifier();
    if (!bind) throw malformedSearch('FIND : must name a bind variable');
  } else search = searchText(c);
  let scope: SearchScope = 'ALL';
  if (c.keyword('IN')) {
    const group = c.identifier()?.toUpperCase();
    if (!c.keyword('FIELDS') || !group)
      throw malformedSearch('IN must be followed by ALL, NAME, EMAIL or PHONE FIELDS');
    if (group === 'SIDEBAR') throw malformedSearch('IN SIDEBAR FIELDS is not supported by the local org');
    if (!['ALL', 'NAME', 'EMAIL', 'PHONE'].includes(group))
      throw malformedSearch(`unknown search group ${group} FIELDS: use ALL, NAME, EMAIL or PHONE`);
    scope = group as SearchScope;
  }
  const returning: ReturningSpec[] = [];
  if (c.keyword('RETURNING')) {
    do {
      const object = c.identifier();
      if (!object) throw malformedSearch('RETURNING must name an object');
      c.skipSpace();
      let inner: string | undefined;
      if (c.text[c.pos] === '(') {
        const rest = c.text.slice(c.pos + 1);
        let depth = 1;
        let end = -1;
        let quoted = false;
        for (let i = 0; i < rest.length; i++) {
          const ch = rest[i];
          if (quoted) {
            if (ch === '\\') i++;
            else if (ch === "'") quoted = false;
          } else if (ch === "'") quoted = true;
          else if (ch === '(') depth++;
          else if (ch === ')' && --depth === 0) {
            end = i;
            break;
          }
        }
        if (end < 0) throw malformedSearch(`unbalanced parentheses after RETURNING ${object}`);
        inner = rest.slice(0, end);
        c.pos += end + 2;
      }
      returning.push(spec(object, inner));
      c.skipSpace();
    } while (c.text[c.pos] === ',' && ++c.pos);
  }
  if (c.keyword('WITH')) throw malformedSearch('WITH clauses in SOSL are not supported by the local org');
  let limit: number | undefined;
  if (c.keyword('LIMIT')) limit = c.integer('LIMIT');
  if (c.keyword('UPDATE')) throw malformedSearch('UPDATE TRACKING/VIEWSTAT is not supported by the local org');
  if (!c.done()) throw malformedSearch(`unexpected token: ${c.text.slice(c.pos).split(/\s+/)[0]}`);
  if (returning.length === 0)
    throw malformedSearch('a search without RETURNING is not supported by the local org: name the objects to search');
  return { search, bind, scope, returning, limit };
}
