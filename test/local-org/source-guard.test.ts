/**
 * The Apex source guard: binary garbage, oversized sources and deep nesting are refused before the
 * parser runs, with one compile problem, on every entry point (deploy over SOAP, executeAnonymous
 * over SOAP and Tooling REST, the runtime loader, the apex-syntax gate).
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import {
  MAX_ANONYMOUS_BYTES,
  MAX_APEX_FILE_CHARS,
  MAX_NESTING_DEPTH,
  guardApexSource
} from '../../src/local-org/apex/source-guard.js';
import { MAX_SYNTAX_PROBLEMS, parseApex } from '../../src/local-org/apex/front-end/index.js';
import { parseApexSource } from '../../src/gates/apex-syntax.js';
import { ApexCompileError } from '../../src/local-org/apex/index.js';
import { loadClassSource } from '../../src/local-org/apex/loader.js';
import { call } from './helpers.js';

const MD = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const ENV = (token: string, body: string) =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${token}</sessionId></SessionHeader></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

async function classZip(name: string, body: string): Promise<string> {
  const z = new JSZip();
  z.file(
    'package.xml',
    `<?xml version="1.0"?><Package ${MD}><types><members>${name}</members><name>ApexClass</name></types><version>65.0</version></Package>`
  );
  z.file(`classes/${name}.cls`, body);
  z.file(`classes/${name}.cls-meta.xml`, `<ApexClass ${MD}><apiVersion>65.0</apiVersion></ApexClass>`);
  return (await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })).toString('base64');
}

async function soapDeploy(org: LocalOrg, zip: string): Promise<string> {
  const started = await call(
    org,
    'POST',
    '/services/Soap/m/65.0',
    ENV(org.accessToken, `<deploy ${MD}><ZipFile>${zip}</ZipFile></deploy>`),
    {
      'Content-Type': 'text/xml'
    }
  );
  expect(started.status, started.text).to.equal(200);
  const id = /<id>([^<]+)<\/id>/.exec(started.text)![1];
  const status = await call(
    org,
    'POST',
    '/services/Soap/m/65.0',
    ENV(
      org.accessToken,
      `<checkDeployStatus ${MD}><asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails></checkDeployStatus>`
    ),
    { 'Content-Type': 'text/xml' }
  );
  expect(status.status).to.equal(200);
  return status.text;
}

async function soapAnonymous(org: LocalOrg, code: string): Promise<{ status: number; text: string }> {
  const escaped = code.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return call(
    org,
    'POST',
    '/services/Soap/s/65.0',
    ENV(
      org.accessToken,
      `<executeAnonymous xmlns="http://soap.sforce.com/2006/08/apex"><String>${escaped}</String></executeAnonymous>`
    ),
    { 'Content-Type': 'text/xml' }
  );
}

describe('Apex source guard', () => {
  it('refuses control characters outside comments, with the line and column of the first one', () => {
    expect(guardApexSource('Integer i = 1;\nInteger \u0000j;', 'anonymous')).to.deep.equal({
      line: 2,
      column: 9,
      message: 'Invalid character in identifier: \\u0000'
    });
    expect(guardApexSource('/* \u0000 */ Integer i = 1; // \u0001', 'anonymous')).to.equal(undefined);
    expect(guardApexSource("String s = 'a\u0007b';", 'anonymous')?.message).to.match(/\\u0007/);
    expect(guardApexSource('Integer i\t= 1;\r\n\f', 'anonymous')).to.equal(undefined);
  });

  it('caps nesting at MAX_NESTING_DEPTH brackets, not counting brackets in strings and comments', () => {
    const nested = (n: number) => `Integer i = ${'('.repeat(n)}1${')'.repeat(n)};`;
    expect(guardApexSource(nested(MAX_NESTING_DEPTH), 'anonymous')).to.equal(undefined);
    expect(guardApexSource(nested(MAX_NESTING_DEPTH + 1), 'anonymous')).to.deep.equal({
      line: 1,
      column: 13 + MAX_NESTING_DEPTH,
      message: `Nesting too deep: more than ${MAX_NESTING_DEPTH} levels of brackets, parentheses and braces`
    });
    const inStrings = `String s = '${'('.repeat(1000)}'; // ${'{'.repeat(1000)}\n/* ${'['.repeat(1000)} */`;
    expect(guardApexSource(inStrings, 'anonymous')).to.equal(undefined);
    expect(guardApexSource(`String s = 'it\\'s (';`, 'anonymous')).to.equal(undefined);
  });

  it('refuses classes over 1,000,000 characters and anonymous blocks over 32,000 bytes', () => {
    expect(guardApexSource(`public class A {}${' '.repeat(MAX_APEX_FILE_CHARS)}`, 'class')?.message).to.match(
      /^Class is too large: 1000017 characters/
    );
    expect(guardApexSource(' '.repeat(MAX_ANONYMOUS_BYTES + 1), 'anonymous')?.message).to.match(/^Script too large/);
    expect(guardApexSource(' '.repeat(MAX_ANONYMOUS_BYTES), 'anonymous')).to.equal(undefined);
  });

  it('stops the parser after MAX_SYNTAX_PROBLEMS errors (a megabyte of # costs a bounded error list)', () => {
    const problems = parseApex('#'.repeat(1_000_000), 'class').problems;
    expect(problems).to.have.length(MAX_SYNTAX_PROBLEMS);
    expect(problems[0]).to.deep.include({ line: 1, column: 1 });
    expect(parseApexSource('#'.repeat(200_000), 'class')).to.have.length(MAX_SYNTAX_PROBLEMS);
  });

  it('guards the gate and the runtime loader too', () => {
    expect(parseApexSource('public class A { \u0000 }', 'class')[0].message).to.match(/Invalid character/);
    const deep = `public class Deep { Integer i = ${'('.repeat(5000)}1${')'.repeat(5000)}; }`;
    let caught: unknown;
    try {
      loadClassSource(deep, 'Deep');
    } catch (e) {
      caught = e;
    }
    const problems = caught instanceof ApexCompileError ? caught.problems : [];
    expect(problems[0]?.message, String(caught)).to.match(/^Nesting too deep/);
  });

  describe('over HTTP', () => {
    let org: LocalOrg;
    const internalErrors: unknown[] = [];
    before(async () => {
      org = await startLocalOrg({ onInternalError: (e) => internalErrors.push(e) });
    });
    after(() => org.stop());

    it('regression: a deploy whose class is megabytes of NUL bytes fails with one problem', async () => {
      const half = await soapDeploy(org, await classZip('Nul', '\u0000'.repeat(512 * 1024)));
      expect(half).to.contain('<status>Failed</status>');
      expect(half.match(/<problem>/g)).to.have.length(1);
      expect(half).to.contain('<problem>Invalid character in identifier: \\u0000</problem>');
      const whole = await soapDeploy(org, await classZip('Nul', '\u0000'.repeat(4 * 1024 * 1024)));
      // Four megabytes of NUL compress over 200 times: the zip reader refuses it before inflating (limits.test.ts).
      expect(whole).to.contain('<status>Failed</status>');
      expect(whole).to.match(
        /The deploy zip is not valid: the entry classes\/Nul.cls expands \d+ times its compressed size/
      );
      expect(internalErrors).to.deep.equal([]);
    });

    it('regression: 5,000 parentheses answer a compile problem (SOAP envelope, not a JSON 500)', async () => {
      const code = `Integer i = ${'('.repeat(5000)}1${')'.repeat(5000)};`;
      const soap = await soapAnonymous(org, code);
      expect(soap.status).to.equal(200);
      expect(soap.text).to.contain('<compiled>false</compiled>');
      expect(soap.text).to.contain('Nesting too deep');
      const deployed = await soapDeploy(org, await classZip('Deep', `public class Deep { ${code} }`));
      expect(deployed).to.contain('<status>Failed</status>');
      expect(deployed).to.contain('Nesting too deep');
      expect(internalErrors).to.deep.equal([]);
    });

    it('regression: a megabyte of # through executeAnonymous answers "Script too large"', async () => {
      const soap = await soapAnonymous(org, '#'.repeat(1024 * 1024));
      expect(soap.status).to.equal(200);
      expect(soap.text).to.contain('<compiled>false</compiled>');
      expect(soap.text).to.match(/Script too large: 1048576 bytes/);
      const rest = await call(
        org,
        'GET',
        `/services/data/v65.0/tooling/executeAnonymous?anonymousBody=${encodeURIComponent(`Integer i = ${'['.repeat(300)}`)}`
      );
      expect(rest.status).to.equal(200);
      expect((rest.json as { compileProblem: string }).compileProblem).to.match(/^Nesting too deep/);
    });
  });
});
