/**
 * Input an org refuses, refused with the org's error shape before it reaches SQLite: impossible and
 * out-of-range dates, out-of-range SOQL literals, field sizes beyond the documented maxima.
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, errorCode } from './helpers.js';

const v = '/services/data/v65.0';
const MD = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

async function deployObject(org: LocalOrg, fields: string): Promise<string> {
  const z = new JSZip();
  z.file(
    'package.xml',
    `<?xml version="1.0"?><Package ${MD}><types><members>Probe__c</members><name>CustomObject</name></types><version>65.0</version></Package>`
  );
  z.file(
    'objects/Probe__c.object',
    `<?xml version="1.0"?><CustomObject ${MD}><label>Probe</label><pluralLabel>Probes</pluralLabel><nameField><label>Name</label><type>Text</type></nameField>${fields}</CustomObject>`
  );
  const zip = (await z.generateAsync({ type: 'nodebuffer' })).toString('base64');
  const env = (body: string) =>
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${org.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
  const started = await call(
    org,
    'POST',
    '/services/Soap/m/65.0',
    env(`<deploy ${MD}><ZipFile>${zip}</ZipFile></deploy>`),
    {
      'Content-Type': 'text/xml'
    }
  );
  const id = /<id>([^<]+)<\/id>/.exec(started.text)![1];
  const status = await call(
    org,
    'POST',
    '/services/Soap/m/65.0',
    env(
      `<checkDeployStatus ${MD}><asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails></checkDeployStatus>`
    ),
    { 'Content-Type': 'text/xml' }
  );
  return status.text;
}

const field = (name: string, type: string, extra = '') =>
  `<fields><fullName>${name}</fullName><label>${name}</label><type>${type}</type>${extra}</fields>`;

describe('local org input validation', () => {
  let org: LocalOrg;
  const internalErrors: unknown[] = [];
  before(async () => {
    org = await startLocalOrg({ onInternalError: (e) => internalErrors.push(e) });
  });
  after(() => {
    expect(internalErrors).to.deep.equal([]);
    return org.stop();
  });

  it('dates: no February 30, years 1700–4000 only (DatedConversionRate.StartDate and custom Date/DateTime)', async () => {
    const dcr = (StartDate: string) =>
      call(org, 'POST', `${v}/sobjects/DatedConversionRate`, { IsoCode: 'EUR', ConversionRate: 0.9, StartDate });
    const feb30 = await dcr('2026-02-30');
    expect([feb30.status, errorCode(feb30)]).to.deep.equal([400, 'JSON_PARSER_ERROR']);
    expect([
      (await dcr('2027-02-29')).status,
      (await dcr('1699-12-31')).status,
      (await dcr('4001-01-01')).status
    ]).to.deep.equal([400, 400, 400]);
    expect(errorCode(await dcr('4001-01-01'))).to.equal('INVALID_FIELD');
    expect((await dcr('2028-02-29')).status, 'a leap day is a real day').to.equal(201);
    const deployed = await deployObject(org, field('When__c', 'Date') + field('At__c', 'DateTime'));
    expect(deployed).to.contain('<status>Succeeded</status>');
    const probe = (body: Record<string, unknown>) =>
      call(org, 'POST', `${v}/sobjects/Probe__c`, { Name: 'p', ...body });
    expect(errorCode(await probe({ At__c: '+275760-09-13T00:00:00.000Z' }))).to.equal('INVALID_FIELD');
    expect((await probe({ At__c: 'Thu, 03 Dec 2026 08:41:41 GMT' })).status, 'RFC 1123, as the sf CLI sends').to.equal(
      201
    );
    expect(errorCode(await probe({ At__c: '5000-01-01T00:00:00Z' }))).to.equal('INVALID_FIELD');
    expect(errorCode(await probe({ At__c: '2026-02-30T10:00:00Z' }))).to.equal('JSON_PARSER_ERROR');
    expect((await probe({ When__c: '4000-12-31', At__c: '2026-03-01T10:00:00+0100' })).status).to.equal(201);
  });

  it('SOQL: literals out of range are a MALFORMED_QUERY, never an SQLite error', async () => {
    const q = (soql: string) => call(org, 'GET', `${v}/query?q=${encodeURIComponent(soql)}`);
    const regression = await q('SELECT Id FROM User LIMIT 99999999999999999999');
    expect([regression.status, errorCode(regression)], regression.text).to.deep.equal([400, 'MALFORMED_QUERY']);
    expect(errorCode(await q('SELECT Id FROM DatedConversionRate WHERE StartDate = 2026-02-30'))).to.equal(
      'MALFORMED_QUERY'
    );
    expect(errorCode(await q('SELECT Id FROM User WHERE LastModifiedDate > 2026-02-30T00:00:00Z'))).to.equal(
      'MALFORMED_QUERY'
    );
    expect((await q('SELECT Id FROM User LIMIT 2147483647')).status).to.equal(200);
  });

  it('deploy: field sizes past the documented maxima fail the component', async () => {
    const cases: [string, RegExp][] = [
      [
        field('T__c', 'Text', '<length>99999999999</length>'),
        /length 99999999999 is out of range: a Text field has a length of 1 to 255/
      ],
      [field('L__c', 'LongTextArea', '<length>131073</length><visibleLines>3</visibleLines>'), /1?31,072/],
      [field('N__c', 'Number', '<precision>19</precision><scale>0</scale>'), /precision 19 is out of range/],
      [field('C__c', 'Currency', '<precision>5</precision><scale>6</scale>'), /scale 6 must be from 0 to the precision/]
    ];
    for (const [xml, problem] of cases) {
      const result = await deployObject(org, xml);
      expect(result, xml).to.contain('<status>Failed</status>');
      expect(result, xml).to.match(problem);
    }
    expect(await deployObject(org, field('T__c', 'Text', '<length>255</length>'))).to.contain(
      '<status>Succeeded</status>'
    );
  });
});
