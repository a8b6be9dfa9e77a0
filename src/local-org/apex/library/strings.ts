/** String static and instance methods. https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_string.htm */
import type { Interpreter } from '../interpreter.js';
import { toApexString } from '../operators.js';
import { ApexDate, ApexDatetime, ApexList, ApexSet, typeRef, type Value } from '../values.js';
import { argInt, argString, callInstanceLibrary, defineInstance, defineStatic, idef, sdef } from './registry.js';

const STRING = typeRef('String');

function isBlank(v: Value): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** Java MessageFormat substitution: {0}, {1}…; '' is a quote, text in '…' is literal. */
export function messageFormat(it: Interpreter, pattern: string, args: readonly Value[]): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i++;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      out += pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end;
      continue;
    }
    if (ch === '{') {
      const end = pattern.indexOf('}', i);
      const idx = Number(pattern.slice(i + 1, end).split(',')[0]);
      out += idx < args.length ? toApexString(it, args[idx]) : `{${idx}}`;
      i = end;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Java String.split(regex, limit): trailing empty strings are dropped when limit is 0. */
export function javaSplit(s: string, regex: string, limit = 0): string[] {
  if (s === '') return [''];
  const parts: string[] = [];
  let last = 0;
  for (const m of s.matchAll(new RegExp(regex, 'g'))) {
    if (limit > 0 && parts.length === limit - 1) break;
    if (m[0] === '' && (m.index === 0 || m.index >= s.length)) continue;
    parts.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(s.slice(last));
  if (limit === 0) while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function bounds(it: Interpreter, s: string, start: number, end: number): void {
  if (start < 0 || start > s.length) it.throwApex('StringException', `Starting position out of bounds: ${start}`);
  if (end > s.length || end < start) it.throwApex('StringException', `Ending position out of bounds: ${end}`);
}

function toList(items: string[]): ApexList {
  return new ApexList(STRING, items);
}

defineStatic('String', {
  // Date → "yyyy-MM-dd"; Datetime → "yyyy-MM-dd HH:mm:ss" in the user's time zone (Apex Reference, String.valueOf).
  valueOf: sdef(1, (it, [v], ctx) => {
    if (v instanceof ApexDate) return v.iso();
    if (v instanceof ApexDatetime) return callInstanceLibrary(it, v, 'toString', [], ctx);
    return toApexString(it, v);
  }),
  format: [2, (it, [p, a]) => messageFormat(it, argString(it, p), a instanceof ApexList ? a.items : [])],
  join: [
    2,
    (it, [coll, sep]) => {
      if (coll === null) it.npe();
      const items = coll instanceof ApexList ? coll.items : coll instanceof ApexSet ? [...coll.items.values()] : [];
      return items.map((x) => toApexString(it, x)).join(sep === null ? 'null' : String(sep));
    }
  ],
  isBlank: [1, (_it, [v]) => isBlank(v)],
  isNotBlank: [1, (_it, [v]) => !isBlank(v)],
  isEmpty: [1, (_it, [v]) => v === null || v === ''],
  isNotEmpty: [1, (_it, [v]) => !(v === null || v === '')],
  escapeSingleQuotes: [1, (it, [v]) => argString(it, v).replace(/'/g, "\\'")],
  fromCharArray: [
    1,
    (it, [v]) => (v instanceof ApexList ? String.fromCharCode(...v.items.map((x) => argInt(it, x))) : '')
  ]
});

defineInstance('String', {
  length: [0, (_it, s: string) => s.length],
  substring: [
    [1, 2],
    (it, s: string, [a, b]) => {
      const start = argInt(it, a);
      const end = b === undefined ? s.length : argInt(it, b);
      bounds(it, s, start, end);
      return s.substring(start, end);
    }
  ],
  indexOf: [
    [1, 2],
    (it, s: string, [x, from]) => s.indexOf(argString(it, x), from === undefined ? 0 : argInt(it, from))
  ],
  lastIndexOf: [1, (it, s: string, [x]) => s.lastIndexOf(argString(it, x))],
  indexOfIgnoreCase: [1, (it, s: string, [x]) => s.toLowerCase().indexOf(argString(it, x).toLowerCase())],
  contains: [1, (it, s: string, [x]) => s.includes(argString(it, x))],
  containsIgnoreCase: [1, (it, s: string, [x]) => s.toLowerCase().includes(argString(it, x).toLowerCase())],
  startsWith: [1, (it, s: string, [x]) => s.startsWith(argString(it, x))],
  endsWith: [1, (it, s: string, [x]) => s.endsWith(argString(it, x))],
  startsWithIgnoreCase: [1, (it, s: string, [x]) => s.toLowerCase().startsWith(argString(it, x).toLowerCase())],
  endsWithIgnoreCase: [1, (it, s: string, [x]) => s.toLowerCase().endsWith(argString(it, x).toLowerCase())],
  toUpperCase: [0, (_it, s: string) => s.toUpperCase()],
  toLowerCase: [0, (_it, s: string) => s.toLowerCase()],
  trim: [0, (_it, s: string) => javaTrim(s)],
  normalizeSpace: [0, (_it, s: string) => s.trim().replace(/\s+/g, ' ')],
  deleteWhitespace: [0, (_it, s: string) => s.replace(/\s+/g, '')],
  split: [
    [1, 2],
    (it, s: string, [re, lim]) => toList(javaSplit(s, argString(it, re), lim === undefined ? 0 : argInt(it, lim)))
  ],
  replace: [2, (it, s: string, [a, b]) => s.split(argString(it, a)).join(argString(it, b))],
  replaceAll: [
    2,
    (it, s: string, [a, b]) => s.replace(new RegExp(argString(it, a), 'g'), argString(it, b).replace(/\$(\d)/g, '$$$1'))
  ],
  replaceFirst: [2, (it, s: string, [a, b]) => s.replace(new RegExp(argString(it, a)), argString(it, b))],
  equals: [1, (_it, s: string, [x]) => s === x],
  equalsIgnoreCase: [1, (_it, s: string, [x]) => typeof x === 'string' && s.toLowerCase() === x.toLowerCase()],
  compareTo: [1, (it, s: string, [x]) => (s === argString(it, x) ? 0 : compareUtf16(s, argString(it, x)))],
  charAt: [
    1,
    (it, s: string, [i]) => {
      const n = argInt(it, i);
      if (n < 0 || n >= s.length) it.throwApex('StringException', `Index out of bounds: ${n}`);
      return s.charCodeAt(n);
    }
  ],
  isBlank: [0, (_it, s: string) => isBlank(s)],
  isNotBlank: [0, (_it, s: string) => !isBlank(s)],
  isEmpty: [0, (_it, s: string) => s === ''],
  isNotEmpty: [0, (_it, s: string) => s !== ''],
  isNumeric: [0, (_it, s: string) => /^\p{Nd}+$/u.test(s)],
  isAlpha: [0, (_it, s: string) => /^\p{L}+$/u.test(s)],
  isAlphanumeric: [0, (_it, s: string) => /^[\p{L}\p{Nd}]+$/u.test(s)],
  left: [1, (it, s: string, [n]) => s.slice(0, Math.max(0, argInt(it, n)))],
  right: [1, (it, s: string, [n]) => (argInt(it, n) <= 0 ? '' : s.slice(-argInt(it, n)))],
  mid: [2, (it, s: string, [a, n]) => s.substr(Math.max(0, argInt(it, a)), Math.max(0, argInt(it, n)))],
  leftPad: [[1, 2], (it, s: string, [n, p]) => s.padStart(argInt(it, n), p === undefined ? ' ' : argString(it, p))],
  rightPad: [[1, 2], (it, s: string, [n, p]) => s.padEnd(argInt(it, n), p === undefined ? ' ' : argString(it, p))],
  repeat: [
    [1, 2],
    (it, s: string, [a, b]) =>
      b === undefined ? s.repeat(argInt(it, a)) : Array(argInt(it, b)).fill(s).join(argString(it, a))
  ],
  reverse: [0, (_it, s: string) => [...s].reverse().join('')],
  capitalize: [0, (_it, s: string) => s.charAt(0).toUpperCase() + s.slice(1)],
  uncapitalize: [0, (_it, s: string) => s.charAt(0).toLowerCase() + s.slice(1)],
  remove: [1, (it, s: string, [x]) => s.split(argString(it, x)).join('')],
  removeStart: [1, (it, s: string, [x]) => (s.startsWith(argString(it, x)) ? s.slice(argString(it, x).length) : s)],
  removeEnd: [
    1,
    (it, s: string, [x]) => (s.endsWith(argString(it, x)) ? s.slice(0, s.length - argString(it, x).length) : s)
  ],
  substringBefore: [
    1,
    (it, s: string, [x]) => (s.includes(argString(it, x)) ? s.slice(0, s.indexOf(argString(it, x))) : s)
  ],
  substringAfter: [
    1,
    (it, s: string, [x]) =>
      s.includes(argString(it, x)) ? s.slice(s.indexOf(argString(it, x)) + argString(it, x).length) : ''
  ],
  substringBetween: [
    2,
    (it, s: string, [a, b]) => {
      const i = s.indexOf(argString(it, a));
      if (i < 0) return null;
      const from = i + argString(it, a).length;
      const j = s.indexOf(argString(it, b), from);
      return j < 0 ? null : s.slice(from, j);
    }
  ],
  countMatches: [1, (it, s: string, [x]) => (argString(it, x) === '' ? 0 : s.split(argString(it, x)).length - 1)],
  abbreviate: [1, (it, s: string, [n]) => (s.length <= argInt(it, n) ? s : s.slice(0, argInt(it, n) - 3) + '...')],
  hashCode: [0, (_it, s: string) => javaHash(s)],
  substringAfterLast: [
    1,
    (it, s: string, [x]) => {
      const i = s.lastIndexOf(argString(it, x));
      return i < 0 ? '' : s.slice(i + argString(it, x).length);
    }
  ],
  substringBeforeLast: [
    1,
    (it, s: string, [x]) => (s.lastIndexOf(argString(it, x)) < 0 ? s : s.slice(0, s.lastIndexOf(argString(it, x))))
  ],
  containsAny: [1, (it, s: string, [x]) => [...argString(it, x)].some((c) => s.includes(c))],
  containsNone: [1, (it, s: string, [x]) => ![...argString(it, x)].some((c) => s.includes(c))],
  containsOnly: [1, (it, s: string, [x]) => [...s].every((c) => argString(it, x).includes(c))],
  containsWhitespace: [0, (_it, s: string) => /\s/.test(s)],
  isAllUpperCase: [0, (_it, s: string) => s !== '' && /^\p{Lu}+$/u.test(s)],
  isAllLowerCase: [0, (_it, s: string) => s !== '' && /^\p{Ll}+$/u.test(s)],
  isWhitespace: [0, (_it, s: string) => s !== '' && /^\s+$/.test(s)],
  swapCase: [
    0,
    (_it, s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')
  ],
  escapeHtml4: [
    0,
    (_it, s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  ],
  unescapeHtml4: [
    0,
    (_it, s: string) =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
  ],
  stripHtmlTags: [0, (_it, s: string) => s.replace(/<[^>]*>/g, '')],
  getChars: [
    0,
    (_it, s: string) =>
      new ApexList(
        typeRef('Integer'),
        [...s].map((c) => c.charCodeAt(0))
      )
  ],
  center: [
    [1, 2],
    (it, s: string, [n, p]) => {
      const size = argInt(it, n);
      const pad = p === undefined ? ' ' : argString(it, p);
      if (size <= s.length) return s;
      const left = Math.floor((size - s.length) / 2);
      return s.padStart(s.length + left, pad).padEnd(size, pad);
    }
  ],
  indexOfAny: [
    1,
    (it, s: string, [x]) => {
      const idx = [...argString(it, x)].map((c) => s.indexOf(c)).filter((i) => i >= 0);
      return idx.length ? Math.min(...idx) : -1;
    }
  ],
  toString: idef(0, (_it, s: string) => s),
  format: [1, (it, s: string, [a]) => messageFormat(it, s, a instanceof ApexList ? a.items : [])]
});

function compareUtf16(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
  return a.length - b.length;
}

export function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java String.trim(): strips characters up to U+0020 from both ends. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}
