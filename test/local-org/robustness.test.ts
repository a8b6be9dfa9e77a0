/**
 * Robustness: malformed JSON, XML, SOQL, zips, huge bodies, unknown paths and methods, and a bounded
 * fuzz run (fixed seed, fixed count) — every request gets a Salesforce-style answer, none an internal
 * error, and the server keeps serving.
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { request } from 'node:http';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, errorCode } from './helpers.js';
import { prng } from '../../src/fixtures/index.js';

const PATHS = [
  '/services/data',
  '//services/data/v65.0',
  '/services/data/v65.0/sobjects',
  '/services/data/v65.0/sobjects/DatedConversionRate',
  '/services/data/v65.0/sobjects/DatedConversionRate/describe',
  '/services/data/v65.0/sobjects/DatedConversionRate/04w000000000000AAA',
  '/services/data/v65.0/sobjects/Nope__c',
  '/services/data/v65.0/query',
  '/services/data/v65.0/query/01gffff-2000',
  '/services/data/v65.0/queryAll',
  '/services/data/v65.0/tooling/query',
  '/services/data/v65.0/composite/sobjects',
  '/services/data/v65.0/metadata/deployRequest',
  '/services/data/v99.0/limits',
  '/services/Soap/m/65.0',
  '/services/Soap/s/65.0',
  '/services/Soap/u/65.0',
  '/services/oauth2/token',
  '/services/oauth2/authorize',
  '/services/oauth2/userinfo',
  '/id/x/y',
  '/%zz',
  '/services/data/v65.0/sobjects/%E0%A4%A',
  '/__local/nowhere'
];
const SOQL = [
  'SELECT',
  'Id',
  'FROM',
  'User',
  'WHERE',
  '=',
  "'x'",
  '(',
  ')',
  'AND',
  'OR',
  'NOT',
  'LIMIT',
  '5',
  'ORDER BY',
  'COUNT()',
  'TODAY',
  'LAST_N_DAYS:3',
  'IN',
  ',',
  'IsoCode',
  'DatedConversionRate',
  'GROUP BY',
  'Profile.Name',
  'null',
  '2026-01-01',
  'LIKE',
  "'%a_'",
  'OFFSET',
  '3000'
];
const BODIES = [
  '{"IsoCode": "EUR"',
  '[]',
  '{"records": 5}',
  '{"allOrNone": true, "records": [{"attributes": {}}]}',
  'null',
  '<soapenv:Envelope><soapenv:Body><deploy><ZipFile>!!!</ZipFile></deploy>',
  '<?xml version="1.0"?><a><b></a>',
  '{"IsoCode": {"nested": [1,2]}, "ConversionRate": "NaN", "StartDate": "2026-13-45"}',
  'grant_type=authorization_code&code=%%%'
];

/** Deploy zips for the fuzz run: a valid one, one with broken Apex and XML, one without package.xml. */
const ZIPS: string[] = [];
async function buildZips(): Promise<void> {
  const make = async (files: Record<string, string>) => {
    const z = new JSZip();
    for (const [p, d] of Object.entries(files)) z.file(p, d);
    return (await z.generateAsync({ type: 'nodebuffer' })).toString('base64');
  };
  const pkg =
    '<?xml version="1.0"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members>*</members><name>ApexClass</name></types><version>65.0</version></Package>';
  ZIPS.push(
    await make({
      'package.xml': pkg,
      'classes/Fz.cls': 'public class Fz {}',
      'classes/Fz.cls-meta.xml': '<ApexClass><apiVersion>65.0</apiVersion></ApexClass>'
    })
  );
  ZIPS.push(
    await make({
      'package.xml': pkg,
      'classes/Fz.cls': 'public class Fz {',
      'objects/X__c.object':
        '<CustomObject><fields><fullName>A__c</fullName><type>Hologram</type></fields></CustomObject>'
    })
  );
  ZIPS.push(await make({ 'readme.txt': 'no package' }));
}

function randomBody(rnd: () => number): string | Buffer | undefined {
  const k = Math.floor(rnd() * 6);
  if (k === 5) {
    const zip = ZIPS[Math.floor(rnd() * ZIPS.length)];
    return rnd() < 0.5
      ? `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>__TOKEN__</sessionId></SessionHeader></soapenv:Header><soapenv:Body><deploy><ZipFile>${zip}</ZipFile><DeployOptions><checkOnly>${rnd() < 0.5}</checkOnly></DeployOptions></deploy></soapenv:Body></soapenv:Envelope>`
      : Buffer.concat([
          Buffer.from(
            '--B\r\nContent-Disposition: form-data; name="json"\r\n\r\n{"deployOptions":{}}\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="d.zip"\r\n\r\n'
          ),
          Buffer.from(zip, 'base64'),
          Buffer.from('\r\n--B--\r\n')
        ]);
  }
  if (k === 0) return undefined;
  if (k === 1) return BODIES[Math.floor(rnd() * BODIES.length)];
  if (k === 2) return Buffer.from(Array.from({ length: Math.floor(rnd() * 400) }, () => Math.floor(rnd() * 256)));
  if (k === 3)
    return JSON.stringify({
      allOrNone: rnd() < 0.5,
      records: Array.from({ length: Math.floor(rnd() * 4) }, () => ({
        attributes: { type: rnd() < 0.5 ? 'DatedConversionRate' : 'User' },
        IsoCode: rnd() < 0.5 ? 'EUR' : 42,
        StartDate: rnd() < 0.5 ? '2030-01-01' : 'x',
        ConversionRate: rnd() * 3
      }))
    });
  return `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${rnd() < 0.5 ? 'bogus' : '__TOKEN__'}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><${rnd() < 0.5 ? 'deploy' : 'checkDeployStatus'}><ZipFile>UEsDBA==</ZipFile><asyncProcessId>0Af</asyncProcessId></${rnd() < 0.5 ? 'deploy' : 'x'}></soapenv:Body></soapenv:Envelope>`;
}

/** Raw HTTP so that malformed paths reach the server unchanged. */
function raw(
  org: LocalOrg,
  method: string,
  path: string,
  body: string | Buffer | undefined,
  token: string | undefined
): Promise<{ status: number; text: string }> {
  const head = body === undefined ? '' : Buffer.from(body).subarray(0, 5).toString('latin1');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'Content-Type': head.startsWith('--B')
        ? 'multipart/form-data; boundary=B'
        : head.startsWith('<?xml')
          ? 'text/xml'
          : 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {})
    };
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    const req = request(`${org.instanceUrl}/`, { method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('local org robustness', () => {
  let org: LocalOrg;
  const internalErrors: unknown[] = [];
  before(async () => {
    org = await startLocalOrg({ maxBodyBytes: 256 * 1024, onInternalError: (e) => internalErrors.push(e) });
  });
  after(() => org.stop());

  it('answers malformed JSON, SOQL, XML, zips and huge bodies with Salesforce-style errors', async () => {
    const v = '/services/data/v65.0';
    expect(errorCode(await call(org, 'POST', `${v}/sobjects/DatedConversionRate`, '{"a":'))).to.equal(
      'JSON_PARSER_ERROR'
    );
    expect(errorCode(await call(org, 'POST', `${v}/composite/sobjects`, '[1,2]'))).to.equal('JSON_PARSER_ERROR');
    expect(
      errorCode(
        await call(org, 'GET', `${v}/query?q=${encodeURIComponent("SELECT Id FROM User WHERE Name = 'unterminated")}`)
      )
    ).to.equal('MALFORMED_QUERY');
    expect(errorCode(await call(org, 'GET', `${v}/query`))).to.equal('MALFORMED_QUERY');
    const deep = `SELECT Id FROM User WHERE ${'('.repeat(3000)}Username = null${')'.repeat(3000)}`;
    expect(errorCode(await call(org, 'GET', `${v}/query?q=${encodeURIComponent(deep)}`))).to.equal('MALFORMED_QUERY');
    const { runSoql } = await import('../../src/local-org/store/index.js');
    const many = Array.from({ length: 31_000 }, (_, k) => `u${k}`);
    expect(() => runSoql(org.store, 'SELECT Id FROM User WHERE Username IN :many', { binds: { many } })).to.throw(
      /too many values/
    );
    expect(() => runSoql(org.store, `SELECT Id FROM User WHERE Username = '${'x'.repeat(100_001)}'`)).to.throw(
      /cannot be longer/
    );
    const longUrl = await call(org, 'GET', `${v}/query?q=${'x'.repeat(70_000)}`);
    expect([longUrl.status, errorCode(longUrl)]).to.deep.equal([400, 'BAD_REQUEST']);
    const soap = await call(org, 'POST', '/services/Soap/m/65.0', '<a><b></a>', { 'Content-Type': 'text/xml' });
    expect([soap.status, soap.text.includes('sf:INVALID_XML')]).to.deep.equal([500, true]);
    const badZip = await call(
      org,
      'POST',
      '/services/Soap/m/65.0',
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${org.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><deploy><ZipFile>bm90IGEgemlw</ZipFile></deploy></soapenv:Body></soapenv:Envelope>`,
      { 'Content-Type': 'text/xml' }
    );
    expect(badZip.text).to.contain('<deployResponse>');
    const { readDeployZip } = await import('../../src/local-org/metadata/deploy.js');
    const JSZip = (await import('jszip')).default;
    const bomb = new JSZip();
    bomb.file('package.xml', '<Package/>');
    bomb.file('classes/Big.cls', 'x'.repeat(210 * 1024 * 1024));
    const bombZip = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    let bombError = '';
    await readDeployZip(bombZip).catch((e: Error) => (bombError = e.message));
    expect(bombError).to.match(/expands \d+ times its compressed size/);
    const huge = await call(org, 'POST', `${v}/sobjects/DatedConversionRate`, 'x'.repeat(300 * 1024));
    expect([huge.status, errorCode(huge)]).to.deep.equal([413, 'REQUEST_ENTITY_TOO_LARGE']);
    expect((await raw(org, 'TRACE', `${v}/sobjects`, undefined, org.accessToken)).status).to.equal(405);
    expect(internalErrors).to.deep.equal([]);
  });

  it('survives a bounded fuzz run (seed 20261128, 600 requests) without an internal error', async () => {
    await buildZips();
    const rnd = prng(20261128);
    const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD'];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const method = methods[Math.floor(rnd() * methods.length)];
      let path = PATHS[Math.floor(rnd() * PATHS.length)];
      if (path.endsWith('query') || path.endsWith('queryAll')) {
        const words = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => SOQL[Math.floor(rnd() * SOQL.length)]);
        path += `?q=${encodeURIComponent(words.join(' '))}${rnd() < 0.2 ? '&columns=true' : ''}`;
      }
      let body = randomBody(rnd);
      if (typeof body === 'string') body = body.replace('__TOKEN__', org.accessToken);
      let m = method;
      const headText = body === undefined ? '' : Buffer.from(body).subarray(0, 300).toString('latin1');
      if (headText.startsWith('--B')) [m, path] = ['POST', '/services/data/v65.0/metadata/deployRequest'];
      else if (headText.includes('<deploy><ZipFile>')) [m, path] = ['POST', '/services/Soap/m/65.0'];
      const token = rnd() < 0.85 ? org.accessToken : rnd() < 0.5 ? undefined : '00D000000000000!bogus';
      const r = await raw(org, m, path, m === 'GET' || m === 'HEAD' ? undefined : body, token);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(r.status, `${method} ${path}`).to.be.within(200, 599);
      expect(r.text, `${method} ${path}`).to.not.contain('unexpected error occurred in the local org');
      if (r.status >= 400 && method !== 'HEAD' && path.startsWith('/services/data')) {
        let parsed: unknown;
        expect(
          () => (parsed = JSON.parse(r.text)),
          `${method} ${path} ${r.status}: ${r.text.slice(0, 200)}`
        ).to.not.throw();
        expect((parsed as { errorCode?: string }[])[0]?.errorCode, `${method} ${path}`).to.be.a('string');
      }
    }
    expect(internalErrors, String(internalErrors[0])).to.deep.equal([]);
    expect(statuses.size).to.be.greaterThan(3);
    const deploys = org.store.db.prepare("SELECT n FROM _counters WHERE prefix = '0Af'").get() as
      { n: number } | undefined;
    expect(deploys?.n ?? 0, 'the run reached the deploy paths').to.be.greaterThan(3);
    expect((await call(org, 'GET', '/services/data')).status).to.equal(200);
  });
});
