/** XML helpers for metadata files and SOAP bodies (fast-xml-parser). */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true
});

/** Parses well-formed XML or throws XmlSyntaxError with the line and column of the problem. */
export function parseXml(text: string): Record<string, unknown> {
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
    if (valid === true) return parser.parse(text) as Record<string, unknown>;
  } catch (e) {
    // e.g. a stack overflow on absurdly deep nesting: still a document we cannot read.
    throw new XmlSyntaxError(`the document cannot be parsed: ${e instanceof Error ? e.message : String(e)}`, 1, 1);
  }
  throw new XmlSyntaxError(valid.err.msg, valid.err.line, valid.err.col);
}

export function asArray<T>(x: T | T[] | undefined | null): T[] {
  if (x === undefined || x === null || x === '') return [];
  return Array.isArray(x) ? x : [x];
}

export function text(x: unknown): string | undefined {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'object') {
    const inner = (x as Record<string, unknown>)['#text'];
    return inner === undefined ? undefined : String(inner);
  }
  return String(x);
}

export function bool(x: unknown): boolean {
  return text(x)?.trim().toLowerCase() === 'true';
}

/** Serialises a JS value to XML elements: arrays repeat the element, objects nest, null is xsi:nil. */
export function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value === undefined) return '';
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
