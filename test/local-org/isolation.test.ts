/**
 * Isolation of concurrent Apex transactions: pairs of anonymous blocks run at the same time, one
 * committing and one rolling back (an uncaught exception); neither sees the other's uncommitted
 * writes, the committed ones are all kept and the rolled-back ones are all gone.
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { runSoql } from '../../src/local-org/store/index.js';
import { call } from './helpers.js';

const MD = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const env = (token: string, body: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${token}</sessionId></SessionHeader></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

async function anonymous(org: LocalOrg, code: string): Promise<string> {
  const r = await call(
    org,
    'POST',
    '/services/Soap/s/65.0',
    env(
      org.accessToken,
      `<executeAnonymous xmlns="http://soap.sforce.com/2006/08/apex"><String>${code.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</String></executeAnonymous>`
    ),
    { 'Content-Type': 'text/xml' }
  );
  expect(r.status).to.equal(200);
  return r.text;
}

const block = (tag: string, other: string, fail: boolean) => `
for (Integer i = 0; i < 40; i++) { insert new Iso__c(Name = '${tag}' + i, Tag__c = '${tag}'); }
Integer seen = [SELECT COUNT() FROM Iso__c WHERE Tag__c = '${other}'];
System.debug('SEEN ' + seen);
${fail ? 'Integer boom = 1 / 0;' : ''}`;

describe('local org isolation of concurrent Apex transactions', () => {
  let org: LocalOrg;
  before(async () => {
    org = await startLocalOrg();
    const z = new JSZip();
    z.file(
      'package.xml',
      `<?xml version="1.0"?><Package ${MD}><types><members>Iso__c</members><name>CustomObject</name></types><version>65.0</version></Package>`
    );
    z.file(
      'objects/Iso__c.object',
      `<?xml version="1.0"?><CustomObject ${MD}><label>Iso</label><pluralLabel>Isos</pluralLabel><nameField><label>Name</label><type>Text</type></nameField><fields><fullName>Tag__c</fullName><label>Tag</label><type>Text</type><length>10</length></fields></CustomObject>`
    );
    const zip = (await z.generateAsync({ type: 'nodebuffer' })).toString('base64');
    const r = await call(
      org,
      'POST',
      '/services/Soap/m/65.0',
      env(org.accessToken, `<deploy ${MD}><ZipFile>${zip}</ZipFile></deploy>`),
      {
        'Content-Type': 'text/xml'
      }
    );
    expect(r.status).to.equal(200);
  });
  after(() => org.stop());

  it('one commits, one rolls back: no dirty reads, no lost or leaked writes', async () => {
    const rounds = 5;
    for (let i = 0; i < rounds; i++) {
      const [committed, rolledBack] = await Promise.all([
        anonymous(org, block(`C${i}`, `R${i}`, false)),
        anonymous(org, block(`R${i}`, `C${i}`, true))
      ]);
      expect(committed).to.contain('<success>true</success>');
      expect(committed, 'the committing block never saw the other one').to.match(/SEEN 0/);
      expect(rolledBack).to.contain('<success>false</success>');
      expect(rolledBack).to.contain('System.MathException');
      expect(rolledBack, 'the failing block saw all of the committed block or none of it').to.match(/SEEN (0|40)\b/);
    }
    const count = (where: string) => runSoql(org.store, `SELECT COUNT() FROM Iso__c WHERE ${where}`).totalSize;
    expect(count("Tag__c LIKE 'C%'"), 'every committed write kept').to.equal(rounds * 40);
    expect(count("Tag__c LIKE 'R%'"), 'no rolled-back write kept').to.equal(0);
  });
});
