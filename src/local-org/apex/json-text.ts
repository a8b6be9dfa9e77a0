/** A JSON reader that keeps number text (so 1.50 stays a Decimal with scale 2) and a Jackson-style writer. */

export type JsonNode =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'num'; text: string }
  | { t: 'str'; v: string }
  | { t: 'arr'; items: JsonNode[] }
  | { t: 'obj'; entries: [string, JsonNode][] };

export class JsonSyntaxError extends Error {}

export function parseJson(text: string): JsonNode {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (what: string): never => {
    const ch = text[i];
    throw new JsonSyntaxError(
      ch === undefined
        ? `Unexpected end-of-input: ${what}`
        : `Unexpected character ('${ch}' (code ${ch.charCodeAt(0)})): ${what} at [line:1, column:${i + 1}]`
    );
  };
  const value = (): JsonNode => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('was expecting double-quote to start field name');
        const k = str();
        ws();
        if (text[i] !== ':') fail('was expecting a colon to separate field name and value');
        i++;
        entries.push([k, value()]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { t: 'obj', entries };
        }
        fail('was expecting comma to separate Object entries');
      }
    }
    if (ch === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { t: 'arr', items };
        }
        fail('was expecting comma to separate Array entries');
      }
    }
    if (ch === '"') return { t: 'str', v: str() };
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      return { t: 'num', text: m[0] };
    }
    for (const [word, node] of [
      ['true', { t: 'bool', v: true }],
      ['false', { t: 'bool', v: false }],
      ['null', { t: 'null' }]
    ] as [string, JsonNode][]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return node;
      }
    }
    return fail("expected a valid value (number, String, array, object, 'true', 'false' or 'null')");
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
        i += 2;
        continue;
      }
      out += text[i++];
    }
    if (text[i] !== '"') fail('was expecting closing quote for a string value');
    i++;
    return out;
  };
  const root = value();
  ws();
  if (i < text.length) fail('expected end of input');
  return root;
}

/** Writes a JsonNode compactly, or pretty-printed as Jackson's default printer does (Apex serializePretty). */
export function writeJson(n: JsonNode, pretty: boolean, indent = ''): string {
  switch (n.t) {
    case 'null':
      return 'null';
    case 'bool':
      return n.v ? 'true' : 'false';
    case 'num':
      return n.text;
    case 'str':
      return JSON.stringify(n.v);
    case 'arr':
      if (!pretty) return '[' + n.items.map((x) => writeJson(x, false)).join(',') + ']';
      return n.items.length ? '[ ' + n.items.map((x) => writeJson(x, true, indent)).join(', ') + ' ]' : '[ ]';
    case 'obj': {
      if (!pretty)
        return '{' + n.entries.map(([k, v]) => JSON.stringify(k) + ':' + writeJson(v, false)).join(',') + '}';
      if (!n.entries.length) return '{ }';
      const inner = indent + '  ';
      const body = n.entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${writeJson(v, true, inner)}`).join(',\n');
      return `{\n${body}\n${indent}}`;
    }
  }
}
