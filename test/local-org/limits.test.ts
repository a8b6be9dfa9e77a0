/**
 * Bounded resources: body limits per surface (declared and streamed, checked before the body is read
 * and before authentication work), zip limits (size, files, ratio, lying entries, paths), and deploy
 * results — never a 500 — for corrupt zips.
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { request } from 'node:http';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { readZipEntries, MAX_ZIP_ENTRIES } from '../../src/local-org/metadata/zip-reader.js';
import { call, errorCode } from './helpers.js';

const MD = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const PKG = `<?xml version="1.0"?><Package ${MD}><types><members>*</members><name>ApexClass</name></types><version>65.0</version></Package>`;

async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const z = new JSZip();
  for (const [p, d] of Object.entries(files)) z.file(p, d);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function refusal(zip: Buffer): Promise<string> {
  let message = '';
  await readZipEntries(zip).catch((e: Error) => (message = e.message));
  return message;
}

/** Sends headers declaring `declared` bytes and only `sent` of them; resolves with the answer. */
function partial(
  org: LocalOrg,
  path: string,
  declared: number,
  sent: number,
  headers: Record<string, string>
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${org.instanceUrl}${path}`,
      { method: 'POST', headers: { 'Content-Length': String(declared), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text });
        });
      }
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)
    );
    req.write(Buffer.alloc(sent, 0x20));
  });
}

describe('local org bounded resources', () => {
  let org: LocalOrg;
  const internalErrors: unknown[] = [];
  before(async () => {
    org = await startLocalOrg({ onInternalError: (e) => internalErrors.push(e) });
  });
  after(() => org.stop());

  it('zip: refuses traversal and absolute paths, too many files, bombs and entries that lie about their size', async () => {
    expect(await refusal(await zipOf({ 'package.xml': PKG, '../evil.cls': 'x' }))).to.match(/path outside the zip/);
    expect(await refusal(await zipOf({ 'package.xml': PKG, '/abs/evil.cls': 'x' }))).to.match(/path outside the zip/);
    const many: Record<string, string> = { 'package.xml': PKG };
    for (let i = 0; i < MAX_ZIP_ENTRIES; i++) many[`classes/C${i}.cls`] = '';
    expect(await refusal(await zipOf(many))).to.match(/at most 10000/);
    // Regression: a 153 KB zip of zeros once cost +2.8 GB; now it is refused from its declared sizes.
    const rssBefore = process.memoryUsage().rss;
    const zeros = await zipOf({ 'package.xml': PKG, 'staticresources/Z.resource': Buffer.alloc(20 * 1024 * 1024) });
    expect(zeros.length).to.be.below(400 * 1024);
    expect(await refusal(zeros)).to.match(/expands \d+ times its compressed size/);
    expect(process.memoryUsage().rss - rssBefore).to.be.below(400 * 1024 * 1024);
    // An entry that declares 10 bytes and inflates to 100 KB: patch both size fields of the one entry.
    const liar = await zipOf({ 'package.xml': 'x'.repeat(100_000) });
    const cd = liar.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    liar.writeUInt32LE(10, 22);
    liar.writeUInt32LE(10, cd + 24);
    expect(await refusal(liar)).to.match(/inflates to more than the 10 bytes it declares/);
    expect(await refusal(Buffer.alloc(40 * 1024 * 1024))).to.match(/at most 40894464 bytes/);
  });

  it('regression: bit-flipped zips answer a failed deploy, never an internal error', async () => {
    const good = await zipOf({
      'package.xml': PKG,
      'classes/A.cls': `public class A { public Integer n() { return ${'1 + '.repeat(200)}1; } }`,
      'classes/A.cls-meta.xml': `<ApexClass ${MD}><apiVersion>65.0</apiVersion></ApexClass>`
    });
    for (let i = 0; i < 20; i++) {
      const flipped = Buffer.from(good);
      const at = (i * 7919) % flipped.length;
      flipped[at] ^= 1 << (i % 8);
      const env = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${org.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><deploy ${MD}><ZipFile>${flipped.toString('base64')}</ZipFile></deploy></soapenv:Body></soapenv:Envelope>`;
      const r = await call(org, 'POST', '/services/Soap/m/65.0', env, { 'Content-Type': 'text/xml' });
      expect(r.status, `flip at ${at}: ${r.text.slice(0, 300)}`).to.equal(200);
    }
    expect(internalErrors).to.deep.equal([]);
  });

  it('bodies: refused on the declared size before being read, and before authentication work', async () => {
    const noAuth = await partial(org, '/services/data/v65.0/sobjects/Account', 49 * 1024 * 1024, 1024, {
      'Content-Type': 'application/json'
    });
    expect([noAuth.status, JSON.parse(noAuth.text)[0].errorCode]).to.deep.equal([401, 'INVALID_SESSION_ID']);
    const tooBig = await partial(org, '/services/data/v65.0/sobjects/Account', 51 * 1024 * 1024, 1024, {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${org.accessToken}`
    });
    expect([tooBig.status, JSON.parse(tooBig.text)[0].errorCode]).to.deep.equal([413, 'REQUEST_ENTITY_TOO_LARGE']);
    const soap = await partial(org, '/services/Soap/m/65.0', 51 * 1024 * 1024, 1024, { 'Content-Type': 'text/xml' });
    expect(soap.status).to.equal(500);
    expect(soap.text).to.contain('<faultcode>sf:REQUEST_ENTITY_TOO_LARGE</faultcode>');
    const oauth = await partial(org, '/services/oauth2/token', 2 * 1024 * 1024, 1024, {
      'Content-Type': 'application/x-www-form-urlencoded'
    });
    expect(oauth.status).to.equal(413);
    const control = await partial(org, '/__local/seed', 1024 * 1024, 1024, { 'Content-Type': 'application/json' });
    expect(control.status, 'the control API refuses before reading the body').to.equal(401);
    expect((await call(org, 'GET', '/services/data/v65.0/limits')).status, 'the server keeps serving').to.equal(200);
    expect(errorCode(await call(org, 'GET', '/services/data/v65.0/sobjects/Nope'))).to.equal('NOT_FOUND');
    expect(internalErrors).to.deep.equal([]);
  });
});
