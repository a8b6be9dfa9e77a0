/**
 * System.Url: `new Url(spec)`, `new Url(context, spec)`, `new Url(protocol, host, file)`,
 * `new Url(protocol, host, port, file)` and the parts of a URL (authority, default port, file, host,
 * path, port, protocol, query, ref, user info), `sameFile`, `toExternalForm`.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_url.htm
 * From API version 41.0 an Apex Url is a java.net.URI underneath and its input must be an RFC-compliant
 * URI (same page, "Versioned Behavior Changes"); the parts follow java.net.URL's accessors, whose
 * meanings the page points to. A spec that is not an absolute, RFC 3986 URI raises a StringException
 * (`Invalid URL: <spec>` — the wording is not documented; see docs/platform-facts.md).
 */
import type { Interpreter } from '../interpreter.js';
import { defineNativeConstructor } from '../native-constructors.js';
import { ApexNative, type Value } from '../values.js';
import { argInt, argString, defineStatic } from './registry.js';

/** The parts of an absolute URI (RFC 3986 appendix B), undefined where the URI has none. */
export interface UrlParts {
  protocol: string;
  authority?: string;
  path: string;
  query?: string;
  ref?: string;
}

const URI = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
/** Characters RFC 3986 allows in a URI: unreserved, reserved, and %-escapes. */
const LEGAL = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21 };

function invalid(it: Interpreter, spec: string): never {
  return it.throwApex('StringException', `Invalid URL: ${spec}`);
}

/** Parses an absolute URI, or raises the StringException an org raises for an invalid one. */
export function parseUrl(it: Interpreter, spec: string): UrlParts {
  const m = LEGAL.test(spec) ? URI.exec(spec) : null;
  if (!m) return invalid(it, spec);
  const parts: UrlParts = { protocol: m[1]!.toLowerCase(), path: m[3] ?? '' };
  if (m[2] !== undefined) parts.authority = m[2];
  if (m[4] !== undefined) parts.query = m[4];
  if (m[5] !== undefined) parts.ref = m[5];
  if (parts.authority !== undefined && !/^(?:[^@]*@)?(?:\[[^\]]*\]|[^:@]*)(?::\d*)?$/.test(parts.authority)) {
    return invalid(it, spec);
  }
  return parts;
}

function externalForm(p: UrlParts): string {
  return (
    `${p.protocol}:` +
    (p.authority !== undefined ? `//${p.authority}` : '') +
    p.path +
    (p.query !== undefined ? `?${p.query}` : '') +
    (p.ref !== undefined ? `#${p.ref}` : '')
  );
}

/** RFC 3986 section 5.2.4. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/');
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const last = i === segments.length - 1;
    if (s === '.' || s === '..') {
      if (s === '..' && out.length > 1) out.pop();
      if (last) out.push('');
    } else out.push(s);
  }
  return out.join('/');
}

/** RFC 3986 section 5.2.2: `spec` resolved against the base URL `context`. */
function resolve(it: Interpreter, base: UrlParts, spec: string): UrlParts {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(spec)) return parseUrl(it, spec);
  const r = parseUrl(it, `${base.protocol}:${spec}`);
  if (spec.startsWith('//')) return { ...r, path: removeDotSegments(r.path) };
  const target: UrlParts = { protocol: base.protocol, authority: base.authority, path: base.path, ref: r.ref };
  if (r.path === '') {
    target.query = r.query ?? base.query;
  } else {
    target.query = r.query;
    if (r.path.startsWith('/')) target.path = removeDotSegments(r.path);
    else {
      const dir =
        base.authority !== undefined && base.path === '' ? '/' : base.path.slice(0, base.path.lastIndexOf('/') + 1);
      target.path = removeDotSegments(dir + r.path);
    }
  }
  return target;
}

function hostAndPort(p: UrlParts): { userInfo?: string; host?: string; port: number } {
  if (p.authority === undefined) return { port: -1 };
  const at = p.authority.lastIndexOf('@');
  const userInfo = at >= 0 ? p.authority.slice(0, at) : undefined;
  const hostPort = p.authority.slice(at + 1);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  const port = m?.[2] ? Number(m[2]) : -1;
  return { userInfo, host: m?.[1] ?? hostPort, port };
}

/** Java's String.hashCode, which java.net.URI's hash builds on. */
function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function isUrl(v: Value): v is ApexNative {
  return v instanceof ApexNative && v.typeName === 'System.Url';
}

/** The Apex value of a URL: a native whose identity is its external form (== and Set/Map keys). */
export function urlValue(it: Interpreter, p: UrlParts): ApexNative {
  const text = externalForm(p);
  const { userInfo, host, port } = hostAndPort(p);
  const file = p.path + (p.query !== undefined ? `?${p.query}` : '');
  const methods = {
    getauthority: () => p.authority ?? null,
    getdefaultport: () => DEFAULT_PORTS[p.protocol] ?? -1,
    getfile: () => file,
    gethost: () => host ?? null,
    getpath: () => p.path,
    getport: () => port,
    getprotocol: () => p.protocol,
    getquery: () => p.query ?? null,
    getref: () => p.ref ?? null,
    getuserinfo: () => userInfo ?? null,
    samefile: ([other]: Value[]) => {
      if (other === null || other === undefined) return false;
      if (!isUrl(other)) return it.throwApex('TypeException', 'Invalid conversion to System.Url');
      const strip = (s: string): string => s.replace(/#.*$/, '');
      return strip(text) === strip(String(other.methods.toexternalform!([])));
    },
    toexternalform: () => text,
    tostring: () => text,
    equals: ([other]: Value[]) => other !== undefined && isUrl(other) && other.identity === `url:${text}`,
    hashcode: () => hashOf(text)
  };
  return new ApexNative('System.Url', methods, text, `url:${text}`);
}

/** `new Url(protocol, host, [port,] file)`: a port of -1 means the protocol's default (none written). */
function fromParts(it: Interpreter, protocol: Value, host: Value, port: number, file: Value): ApexNative {
  const f = file === null ? '' : argString(it, file);
  const h = host === null ? '' : argString(it, host);
  const spec = `${argString(it, protocol)}://${h}${port >= 0 ? `:${port}` : ''}${f}`;
  return urlValue(it, parseUrl(it, spec));
}

defineNativeConstructor('System.Url', (it, args) => {
  if (args.length === 1) {
    const [spec] = args;
    if (spec === null || spec === undefined) return it.npe();
    return urlValue(it, parseUrl(it, argString(it, spec)));
  }
  if (args.length === 2) {
    const [context, spec] = args;
    if (spec === null || spec === undefined) return it.npe();
    if (context === null || context === undefined) return urlValue(it, parseUrl(it, argString(it, spec)));
    if (!isUrl(context)) return it.throwApex('TypeException', 'Invalid conversion to System.Url');
    const base = parseUrl(it, String(context.methods.toexternalform!([])));
    return urlValue(it, resolve(it, base, argString(it, spec)));
  }
  if (args.length === 3) return fromParts(it, args[0]!, args[1]!, -1, args[2]!);
  if (args.length === 4) return fromParts(it, args[0]!, args[1]!, argInt(it, args[2]!), args[3]!);
  return it.throwUnsupported(`new Url with ${args.length} arguments`);
});

/** URL.getOrgDomainUrl(): the org's My Domain URL, from the callout host. */
defineStatic('Url', {
  getOrgDomainUrl: [
    0,
    (it, _a, ctx) => {
      const url = it.org.callouts?.orgDomainUrl?.();
      if (!url) return it.unsupported('URL.getOrgDomainUrl (no org URL is known to this runtime)', ctx);
      return urlValue(it, parseUrl(it, url.replace(/\/$/, '')));
    }
  ]
});
