/**
 * A small, strict XML 1.0 parser for the runtime's Dom and XmlStreamReader classes: elements, attributes,
 * namespaces (xmlns / xmlns:p, resolved per element), text, CDATA, comments, the XML declaration and
 * processing instructions (skipped), the five predefined entities and character references. A document
 * that is not well-formed raises XmlSyntaxError with the line and column; DTDs (`<!DOCTYPE`) are refused
 * rather than half-handled. https://www.w3.org/TR/xml/ , https://www.w3.org/TR/xml-names/
 */

export class XmlSyntaxError extends Error {
  constructor(message: string, line: number, column: number) {
    super(`${message} at [row,col]:[${line},${column}]`);
    this.name = 'XmlSyntaxError';
  }
}

export interface XmlAttr {
  readonly name: string;
  readonly prefix: string | null;
  /** The attribute's namespace URI; unprefixed attributes have none (XML Namespaces §6.2). */
  readonly namespace: string | null;
  readonly value: string;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly prefix: string | null;
  readonly namespace: string | null;
  readonly attributes: XmlAttr[];
  /** In-scope prefix → URI bindings declared on this element ('' is the default namespace). */
  readonly declared: Map<string, string>;
  readonly children: XmlChild[];
  parent: XmlElement | null;
}

export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
  readonly cdata: boolean;
  parent: XmlElement | null;
}

export interface XmlComment {
  readonly kind: 'comment';
  readonly text: string;
  parent: XmlElement | null;
}

export type XmlChild = XmlElement | XmlText | XmlComment;

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_.:\u00B7\u00C0-\uFFFF]*/y;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Parses a whole document; its root element. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const where = (at = pos): [number, number] => {
    let line = 1;
    let col = 1;
    for (let i = 0; i < at && i < source.length; i++) {
      if (source[i] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
    return [line, col];
  };
  const fail = (message: string, at = pos): never => {
    const [l, c] = where(at);
    throw new XmlSyntaxError(message, l, c);
  };
  const startsWith = (s: string): boolean => source.startsWith(s, pos);
  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(source);
    if (!m) return fail(`Unexpected character '${source[pos] ?? 'EOF'}' (expected a name)`);
    pos += m[0].length;
    return m[0];
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g, (all, ref: string, offset: number) => {
      if (!all.endsWith(';')) return fail(`Unterminated entity reference '${all}'`, at + offset);
      if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (!(ref in named)) return fail(`Undeclared general entity "${ref}"`, at + offset);
      return named[ref];
    });
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (startsWith('<?')) {
        const end = source.indexOf('?>', pos);
        if (end < 0) fail('Unterminated processing instruction');
        pos = end + 2;
      } else if (startsWith('<!--')) {
        const end = source.indexOf('-->', pos);
        if (end < 0) fail('Unterminated comment');
        pos = end + 3;
      } else if (startsWith('<!DOCTYPE')) {
        fail('DOCTYPE declarations are not supported by the local runtime');
      } else return;
    }
  };

  const resolvePrefix = (el: { declared: Map<string, string>; parent: XmlElement | null }, prefix: string) => {
    if (prefix === 'xml') return XML_NS;
    for (let e: typeof el | null = el; e; e = e.parent) {
      const uri = e.declared.get(prefix);
      if (uri !== undefined) return uri === '' ? null : uri;
    }
    return undefined;
  };

  const parseElement = (parent: XmlElement | null): XmlElement => {
    const start = pos;
    pos++; // '<'
    const qname = readName();
    const raw: { name: string; value: string; at: number }[] = [];
    for (;;) {
      const before = pos;
      skipSpace();
      if (startsWith('/>') || startsWith('>')) break;
      if (pos === before) fail(`Unexpected character '${source[pos] ?? 'EOF'}' in start tag <${qname}>`);
      const at = pos;
      const name = readName();
      skipSpace();
      if (source[pos] !== '=') fail(`Attribute ${name} of <${qname}> has no value`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`Attribute ${name} of <${qname}>: value must be quoted`);
      const end = source.indexOf(quote, pos + 1);
      if (end < 0) fail(`Unterminated attribute value of ${name}`);
      const value = source.slice(pos + 1, end);
      if (value.includes('<')) fail(`'<' in the value of attribute ${name}`, pos + 1 + value.indexOf('<'));
      if (raw.some((a) => a.name === name)) fail(`Duplicate attribute '${name}'`, at);
      raw.push({ name, value: decode(value, pos + 1), at });
      pos = end + 1;
    }
    const declared = new Map<string, string>();
    for (const a of raw) {
      if (a.name === 'xmlns') declared.set('', a.value);
      else if (a.name.startsWith('xmlns:')) declared.set(a.name.slice(6), a.value);
    }
    const split = (q: string): [string | null, string] => {
      const i = q.indexOf(':');
      return i < 0 ? [null, q] : [q.slice(0, i), q.slice(i + 1)];
    };
    const scope = { declared, parent };
    const [prefix, local] = split(qname);
    const ns = resolvePrefix(scope, prefix ?? '');
    if (prefix !== null && ns === undefined) fail(`Undeclared namespace prefix "${prefix}"`, start + 1);
    const attributes: XmlAttr[] = [];
    for (const a of raw) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const [p, n] = split(a.name);
      let uri: string | null = null;
      if (p !== null) {
        const r = resolvePrefix(scope, p);
        if (r === undefined) fail(`Undeclared namespace prefix "${p}"`, a.at);
        uri = r ?? null;
      }
      attributes.push({ name: n, prefix: p, namespace: uri, value: a.value });
    }
    const el: XmlElement = {
      kind: 'element',
      name: local,
      prefix,
      namespace: ns ?? null,
      attributes,
      declared,
      children: [],
      parent
    };
    if (startsWith('/>')) {
      pos += 2;
      return el;
    }
    pos++; // '>'
    for (;;) {
      if (pos >= source.length) fail(`Unexpected EOF; was expecting a close tag for element <${qname}>`);
      if (startsWith('</')) {
        pos += 2;
        const closeAt = pos;
        const close = readName();
        if (close !== qname) fail(`Unexpected close tag </${close}>; expected </${qname}>`, closeAt);
        skipSpace();
        if (source[pos] !== '>') fail(`Unexpected character in close tag </${close}>`);
        pos++;
        return el;
      }
      if (startsWith('<!--')) {
        const end = source.indexOf('-->', pos);
        if (end < 0) fail('Unterminated comment');
        el.children.push({ kind: 'comment', text: source.slice(pos + 4, end), parent: el });
        pos = end + 3;
      } else if (startsWith('<![CDATA[')) {
        const end = source.indexOf(']]>', pos);
        if (end < 0) fail('Unterminated CDATA section');
        el.children.push({ kind: 'text', text: source.slice(pos + 9, end), cdata: true, parent: el });
        pos = end + 3;
      } else if (startsWith('<?')) {
        const end = source.indexOf('?>', pos);
        if (end < 0) fail('Unterminated processing instruction');
        pos = end + 2;
      } else if (source[pos] === '<') {
        el.children.push(parseElement(el));
      } else {
        const end = source.indexOf('<', pos);
        const stop = end < 0 ? source.length : end;
        const raw = source.slice(pos, stop);
        el.children.push({ kind: 'text', text: decode(raw, pos), cdata: false, parent: el });
        pos = stop;
      }
    }
  };

  if (source.charCodeAt(0) === 0xfeff) pos = 1;
  skipMisc();
  if (pos >= source.length) fail('Unexpected EOF in prolog (no root element)');
  if (source[pos] !== '<') fail(`Unexpected character '${source[pos]}' in prolog; expected '<'`);
  const root = parseElement(null);
  skipMisc();
  if (pos < source.length) fail('Content is not allowed in trailing section (after the root element)');
  return root;
}
