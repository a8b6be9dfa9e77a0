/**
 * Request generator for the local org's fuzz suite: seeded (mulberry32), one request per call, drawn
 * from the classes of input the hardening issue lists — JSON bodies, content types, SOQL, ids, dates,
 * long values, SOAP/XML (Metadata and Apex), deploy zips (valid, broken, bit-flipped, bombs), OAuth,
 * the control API, huge bodies, odd paths and methods.
 */
import { prng } from '../../../src/fixtures/index.js';

export { prng };

export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** What the generator needs from the running org. */
export interface FuzzTarget {
  token: string;
  secret: string;
  host: string;
  /** Base64 deploy zips built once (valid, broken Apex, no package.xml, bomb). */
  zips: Buffer[];
}

type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rnd, n: number): number => Math.floor(r() * n);

const V = '/services/data/v65.0';
const TYPES = ['DatedConversionRate', 'CurrencyType', 'User', 'Account', 'Nope__c', 'AsyncApexJob', '%00', ''];
const IDS = [
  '04w000000000001AAA',
  '04w000000000001',
  '005000000000000',
  'x'.repeat(18),
  '04w00000000000!AAA',
  '',
  '%2e%2e',
  '1'.repeat(300)
];
const DATES = [
  '2026-02-30',
  '2026-02-28',
  '0000-01-01',
  '99999-01-01',
  '2026-13-45',
  'today',
  '',
  '1699-12-31',
  '4001-01-01'
];
const DATETIMES = [
  '+275760-09-13T00:00:00Z',
  '2026-11-28T10:00:00Z',
  '2026-02-30T10:00:00Z',
  'x',
  '1700-01-01T00:00:00Z'
];
const SOQL_WORDS = [
  'SELECT',
  'Id',
  'IsoCode',
  'StartDate',
  'ConversionRate',
  'COUNT()',
  'FROM',
  'DatedConversionRate',
  'User',
  'WHERE',
  '=',
  '!=',
  '<',
  'IN',
  'LIKE',
  'AND',
  'OR',
  'NOT',
  '(',
  ')',
  ',',
  "'EUR'",
  '1.5',
  'true',
  'null',
  '2026-02-30',
  '2026-11-28',
  '2026-11-28T00:00:00Z',
  'TODAY',
  'LAST_N_DAYS:3',
  'LIMIT',
  'OFFSET',
  '99999999999999999999',
  '5',
  '-1',
  'ORDER BY',
  'GROUP BY',
  'HAVING',
  'TYPEOF',
  ':bind',
  "'\\'",
  "'%_'"
];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'text/xml',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=B',
  'application/octet-stream',
  ''
];

function value(r: Rnd): unknown {
  switch (int(r, 12)) {
    case 0:
      return pick(r, DATES);
    case 1:
      return pick(r, DATETIMES);
    case 2:
      return r() * 1e6 - 5e5;
    case 3:
      return pick(r, ['NaN', 'Infinity', '1e400', '-0', '']);
    case 4:
      return 'é'.repeat(int(r, 3000));
    case 5:
      return null;
    case 6:
      return { nested: [1, { deeper: pick(r, DATES) }] };
    case 7:
      return [pick(r, IDS)];
    case 8:
      return r() < 0.5;
    case 9:
      return pick(r, ['EUR', 'USD', 'XXX', 'eur', 'ZZZ', 42]);
    case 10:
      return pick(r, IDS);
    default:
      return 'x'.repeat(int(r, 300));
  }
}

function record(r: Rnd): Record<string, unknown> {
  const fields = ['IsoCode', 'ConversionRate', 'StartDate', 'Name', 'IsActive', 'Id', 'attributes', 'Bogus__c'];
  const rec: Record<string, unknown> = {};
  for (let i = int(r, 5); i >= 0; i--) rec[pick(r, fields)] = value(r);
  if (r() < 0.7) rec.attributes = { type: pick(r, TYPES) };
  return rec;
}

function json(r: Rnd): Buffer {
  const k = int(r, 8);
  if (k === 0) return Buffer.from(pick(r, ['{"a":', '[1,2', 'null', '', '"x"', '{}', '[]', '{"records":5}']));
  if (k === 1) return Buffer.from(Array.from({ length: int(r, 400) }, () => int(r, 256)));
  if (k === 2) return Buffer.from(`${'['.repeat(int(r, 20000))}1`);
  if (k < 5)
    return Buffer.from(
      JSON.stringify({ allOrNone: r() < 0.5, records: Array.from({ length: int(r, 6) }, () => record(r)) })
    );
  return Buffer.from(JSON.stringify(record(r)));
}

function soql(r: Rnd): string {
  if (r() < 0.1) return `SELECT Id FROM User WHERE ${'('.repeat(int(r, 4000))}Id = null${')'.repeat(int(r, 4000))}`;
  return Array.from({ length: 1 + int(r, 14) }, () => pick(r, SOQL_WORDS)).join(' ');
}

function envelope(session: string, body: string): string {
  return `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${session}</sessionId></SessionHeader></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

function mutate(r: Rnd, b: Buffer): Buffer {
  const out = Buffer.from(b);
  for (let i = 1 + int(r, 4); i > 0; i--) out[int(r, out.length)] ^= 1 << int(r, 8);
  return r() < 0.2 ? out.subarray(0, int(r, out.length)) : out;
}

const APEX = [
  'Integer i = 1;',
  "System.debug('hi');",
  'Integer i = ;',
  '#'.repeat(2000),
  '\u0000\u0001',
  `Integer i = ${'('.repeat(400)}1${')'.repeat(400)};`,
  `Integer i = ${'('.repeat(5000)}1${')'.repeat(5000)};`,
  "insert new Account(Name = 'x');",
  'Database.executeBatch(null);',
  "String s = 'unterminated",
  'while (false) {}',
  'List<DatedConversionRate> r = [SELECT Id FROM DatedConversionRate WHERE StartDate = 2026-02-30];'
];

function soap(r: Rnd, t: FuzzTarget): FuzzRequest {
  const session = r() < 0.85 ? t.token : pick(r, ['', 'bogus', '00D000000000000!x']);
  const md = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
  if (r() < 0.4) {
    const code = pick(r, APEX).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    return {
      kind: 'soap-apex',
      method: 'POST',
      path: '/services/Soap/s/65.0',
      headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
      body: Buffer.from(
        envelope(
          session,
          `<executeAnonymous xmlns="http://soap.sforce.com/2006/08/apex"><String>${code}</String></executeAnonymous>`
        )
      )
    };
  }
  const k = int(r, 6);
  let op: string;
  if (k < 3) {
    const zip = pick(r, t.zips);
    const b64 = (
      k === 0 ? mutate(r, zip) : k === 1 ? zip : Buffer.from(Array.from({ length: int(r, 500) }, () => int(r, 256)))
    ).toString('base64');
    op = `<deploy ${md}><ZipFile>${r() < 0.1 ? '!!!' : b64}</ZipFile><DeployOptions><checkOnly>${r() < 0.7}</checkOnly></DeployOptions></deploy>`;
  } else if (k === 3)
    op = `<checkDeployStatus ${md}><asyncProcessId>${pick(r, ['0Af', '0Af000000000001AAA', ''])}</asyncProcessId><includeDetails>true</includeDetails></checkDeployStatus>`;
  else if (k === 4)
    op = pick(r, ['<retrieve/>', '<listMetadata/>', '', '<cancelDeploy><String>x</String></cancelDeploy>']);
  else op = pick(r, ['<a><b></a>', '<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', '\u0000']);
  const raw = k === 5 ? op : envelope(session, op);
  return {
    kind: 'soap-metadata',
    method: r() < 0.95 ? 'POST' : 'GET',
    path: pick(r, ['/services/Soap/m/65.0', '/services/Soap/m/65.0', '/services/Soap/u/65.0', '/services/Soap/m/x']),
    headers: { 'Content-Type': pick(r, ['text/xml', 'text/xml', 'application/json']) },
    body: Buffer.from(raw)
  };
}

function oauth(r: Rnd): FuzzRequest {
  const action = pick(r, ['token', 'token', 'authorize', 'revoke', 'userinfo', 'nope']);
  const params = new URLSearchParams();
  for (const [k, vals] of [
    ['grant_type', ['authorization_code', 'refresh_token', 'client_credentials', 'password', '']],
    ['client_id', ['PlatformCLI', 'nobody', '', 'local-org-consumer-key']],
    ['client_secret', ['', 'wrong', 'local-org-consumer-secret']],
    ['code', ['aPrx' + 'x'.repeat(60), '%%%', '']],
    ['refresh_token', ['5Aep', '']],
    ['redirect_uri', ['http://localhost:1717/OauthRedirect', 'https://evil.example/cb', 'not a url']],
    ['response_type', ['code', 'token']],
    ['token', ['', 'x']]
  ] as const)
    if (r() < 0.6) params.set(k, pick(r, vals));
  if (action === 'authorize')
    return { kind: 'oauth', method: 'GET', path: `/services/oauth2/authorize?${params}`, headers: {} };
  return {
    kind: 'oauth',
    method: r() < 0.9 ? 'POST' : 'GET',
    path: `/services/oauth2/${action}`,
    headers: { 'Content-Type': pick(r, ['application/x-www-form-urlencoded', 'application/json', 'text/plain']) },
    body: Buffer.from(r() < 0.8 ? params.toString() : JSON.stringify(Object.fromEntries(params)))
  };
}

function control(r: Rnd, t: FuzzTarget): FuzzRequest {
  const trusted = r() < 0.4;
  // With the secret only requests that must be refused or that leave the org usable: the fuzz keeps its token.
  const route = trusted
    ? pick(r, ['status', 'clock', 'seed', 'faults', 'revoke', 'nowhere'])
    : pick(r, ['status', 'reset', 'seed', 'clock', 'token', 'revoke', 'faults']);
  const refusedBodies: Record<string, string[]> = {
    clock: ['{"set":"2026-02-30T00:00:00Z"}', '{"set":"+275760-01-01T00:00:00Z"}', '{"advanceDays":"x"}', '{"set":5}'],
    seed: [
      '{"records":{"Account":null}}',
      '{"currencies":[{"isoCode":5}]}',
      '{"currencies":[{"isoCode":"ZZZ","conversionRate":1}]}',
      '{"datedRates":[{"isoCode":"EUR","startDate":"2026-02-30","conversionRate":1}]}',
      '[]',
      '{'
    ],
    revoke: ['{"kind":"nothing"}', '{}', '{"token":5}'],
    faults: ['{"count":1}', '[]'],
    nowhere: ['{}']
  };
  const body = trusted
    ? pick(r, refusedBodies[route] ?? ['{}'])
    : pick(r, ['{}', '{"kind":"all"}', '{"dropData":true}', 'kind=all']);
  const headers: Record<string, string> = {
    'Content-Type': trusted
      ? 'application/json'
      : pick(r, ['application/json', 'text/plain', 'application/x-www-form-urlencoded']),
    Host: trusted || r() < 0.5 ? t.host : pick(r, ['evil.example', `rebound.example:${t.host.split(':')[1]}`])
  };
  if (trusted) headers['X-Local-Org-Secret'] = t.secret;
  else if (r() < 0.3) headers['X-Local-Org-Secret'] = 'guess';
  if (!trusted && r() < 0.4) headers.Origin = pick(r, ['https://evil.example', 'null', `http://${t.host}`]);
  const method = route === 'status' ? 'GET' : route === 'faults' && trusted ? pick(r, ['GET', 'POST']) : 'POST';
  return {
    kind: trusted ? 'control-trusted' : 'control-untrusted',
    method,
    path: `/__local/${route}`,
    headers,
    body: method === 'GET' ? undefined : Buffer.from(body)
  };
}

/** One generated request. */
export function generate(r: Rnd, t: FuzzTarget): FuzzRequest {
  const auth = (): Record<string, string> =>
    r() < 0.9
      ? { Authorization: `Bearer ${t.token}` }
      : r() < 0.5
        ? {}
        : { Authorization: 'Bearer 00D000000000000!bogus' };
  const k = r();
  if (k < 0.2) {
    const q = soql(r);
    return {
      kind: 'soql',
      method: 'GET',
      path: `${V}/${pick(r, ['query', 'queryAll', 'tooling/query'])}?q=${encodeURIComponent(q)}${r() < 0.2 ? '&columns=true' : ''}`,
      headers: auth()
    };
  }
  if (k < 0.4) {
    const type = pick(r, TYPES);
    const withId = r() < 0.4;
    return {
      kind: 'rest-json',
      method: withId ? pick(r, ['GET', 'PATCH', 'DELETE']) : pick(r, ['POST', 'GET', 'PUT']),
      path: `${V}/sobjects/${type}${withId ? `/${pick(r, IDS)}` : r() < 0.2 ? '/describe' : ''}`,
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: json(r)
    };
  }
  if (k < 0.5)
    return {
      kind: 'collections',
      method: pick(r, ['POST', 'PATCH', 'DELETE', 'GET']),
      path: `${V}/composite/${pick(r, ['sobjects', `sobjects/${pick(r, TYPES)}?ids=${pick(r, IDS)},${pick(r, IDS)}&fields=Id`, 'tree/DatedConversionRate', 'batch'])}${r() < 0.2 ? `?ids=${pick(r, IDS)}&allOrNone=${r() < 0.5}` : ''}`,
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: json(r)
    };
  if (k < 0.58)
    return {
      kind: 'content-type',
      method: 'POST',
      path: pick(r, [
        `${V}/sobjects/DatedConversionRate`,
        `${V}/composite/sobjects`,
        `${V}/metadata/deployRequest`,
        '/services/Soap/m/65.0'
      ]),
      headers: { 'Content-Type': pick(r, CONTENT_TYPES), ...auth() },
      body: r() < 0.5 ? json(r) : mutate(r, pick(r, t.zips))
    };
  if (k < 0.72) return soap(r, t);
  if (k < 0.8) return oauth(r);
  if (k < 0.88) return control(r, t);
  if (k < 0.89)
    return {
      kind: 'huge',
      method: 'POST',
      path: pick(r, [`${V}/sobjects/DatedConversionRate`, '/services/Soap/m/65.0', '/services/oauth2/token']),
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: Buffer.alloc(300 * 1024 + int(r, 100_000), 0x7b)
    };
  return {
    kind: 'paths',
    method: pick(r, ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS', 'TRACE']),
    path: pick(r, [
      '/services/data',
      '//services/data/v65.0',
      '/services/data/v99.0/limits',
      `${V}/limits`,
      `${V}/tooling/executeAnonymous?anonymousBody=${encodeURIComponent(pick(r, APEX))}`,
      `${V}/tooling/sobjects`,
      `${V}/query/01gffff-2000`,
      `${V}/named-credentials/credential?externalCredential=${pick(r, IDS)}`,
      `${V}/metadata/deployRequest/${pick(r, IDS)}`,
      '/id/x/y',
      '/%zz',
      `${V}/sobjects/%E0%A4%A`,
      '/services/authcallback/Nope?code=x&state=y',
      '/cometd/65.0',
      `/${'a/'.repeat(int(r, 500))}`
    ]),
    headers: auth()
  };
}
