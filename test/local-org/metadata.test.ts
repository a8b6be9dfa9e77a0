import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { getMetadata } from '../../src/local-org/metadata/registry.js';
import { call, errorCode, connectTo } from './helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const pkg = (types: Record<string, string[]>) =>
  `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${Object.entries(types)
    .map(
      ([name, members]) =>
        `<types>${members.map((m) => `<members>${m}</members>`).join('')}<name>${name}</name></types>`
    )
    .join('')}<version>65.0</version></Package>`;
const classMeta = `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>`;

async function zip(files: Record<string, string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [p, d] of Object.entries(files)) z.file(p, d);
  return z.generateAsync({ type: 'nodebuffer' });
}

const goodFiles = {
  'package.xml': pkg({
    ApexClass: ['Greeter'],
    ApexTrigger: ['GadgetTrigger'],
    CustomObject: ['Gadget__c', 'Knob__mdt'],
    CustomMetadata: ['Knob.Main'],
    PermissionSet: ['GadgetUser'],
    NamedCredential: ['Api']
  }),
  'classes/Greeter.cls': "public class Greeter {\n  public static String hi() { return 'hi'; }\n}\n",
  'classes/Greeter.cls-meta.xml': classMeta,
  'triggers/GadgetTrigger.trigger': 'trigger GadgetTrigger on Gadget__c (before insert) {\n}\n',
  'triggers/GadgetTrigger.trigger-meta.xml': `<?xml version="1.0" encoding="UTF-8"?><ApexTrigger ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexTrigger>`,
  'objects/Gadget__c.object': `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><label>Gadget</label><pluralLabel>Gadgets</pluralLabel>
    <nameField><label>Number</label><type>AutoNumber</type><displayFormat>G-{000}</displayFormat></nameField>
    <fields><fullName>Color__c</fullName><label>Color</label><type>Picklist</type><required>true</required><valueSet><restricted>true</restricted><valueSetDefinition>
      <value><fullName>Red</fullName><default>false</default><label>Red</label></value><value><fullName>Blue</fullName><default>false</default><label>Blue</label></value></valueSetDefinition></valueSet></fields>
    <fields><fullName>When__c</fullName><label>When</label><type>Date</type></fields></CustomObject>`,
  'objects/Knob__mdt.object': `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><label>Knob</label><pluralLabel>Knobs</pluralLabel>
    <fields><fullName>Turns__c</fullName><label>Turns</label><type>Number</type><precision>4</precision><scale>0</scale></fields>
    <fields><fullName>Mode__c</fullName><label>Mode</label><type>Text</type><length>20</length></fields></CustomObject>`,
  'customMetadata/Knob.Main.md': `<?xml version="1.0" encoding="UTF-8"?><CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><label>Main</label><protected>false</protected>
    <values><field>Turns__c</field><value xsi:type="xsd:double">7.0</value></values><values><field>Mode__c</field><value xsi:nil="true"/></values></CustomMetadata>`,
  'permissionsets/GadgetUser.permissionset': `<?xml version="1.0" encoding="UTF-8"?><PermissionSet ${NS}><label>Gadget User</label></PermissionSet>`,
  'namedCredentials/Api.namedCredential': `<?xml version="1.0" encoding="UTF-8"?><NamedCredential ${NS}><label>Api</label><namedCredentialType>SecuredEndpoint</namedCredentialType>
    <namedCredentialParameters><parameterName>Url</parameterName><parameterType>Url</parameterType><parameterValue>https://example.invalid</parameterValue></namedCredentialParameters></NamedCredential>`
};

describe('local org Metadata API (SOAP deploy, REST deployRequest) and Apex executeAnonymous', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
  });
  after(() => org.stop());

  async function deploy(files: Record<string, string> | Buffer, options: Record<string, unknown> = {}) {
    const data = Buffer.isBuffer(files) ? files : await zip(files);
    const started = await conn.metadata.deploy(data, { rollbackOnError: true, singlePackage: true, ...options });
    return conn.metadata.checkDeployStatus(started.id, true);
  }

  it('validates with checkOnly without registering anything', async () => {
    const r = await deploy(goodFiles, { checkOnly: true });
    expect([r.success, r.status]).to.deep.equal([true, 'Succeeded']);
    expect(org.store.schema.get('Gadget__c')).to.equal(undefined);
  });

  it('deploys classes, objects, fields, custom metadata, permission sets and credentials', async () => {
    const r = await deploy(goodFiles);
    expect([r.success, r.status], JSON.stringify(r.details?.componentFailures)).to.deep.equal([true, 'Succeeded']);
    const names = [r.details!.componentSuccesses].flat().map((c) => `${c.componentType}:${c.fullName}`);
    expect(names).to.include.members([
      'ApexClass:Greeter',
      'CustomObject:Gadget__c',
      'CustomField:Gadget__c.Color__c',
      'CustomMetadata:Knob.Main',
      'PermissionSet:GadgetUser',
      'NamedCredential:Api'
    ]);
    const trig = await conn.tooling.query<{ TableEnumOrId: string }>(
      "SELECT TableEnumOrId FROM ApexTrigger WHERE Name = 'GadgetTrigger'"
    );
    expect(trig.records[0].TableEnumOrId).to.equal('Gadget__c');
    const cls = await conn.tooling.query<{ Name: string; Body: string }>(
      "SELECT Name, Body FROM ApexClass WHERE Name = 'Greeter'"
    );
    expect(cls.records[0].Body).to.contain('public class Greeter');
    const d = await conn.describe('Gadget__c');
    expect(d.fields.find((f) => f.name === 'Color__c')!.restrictedPicklist).to.equal(true);
    const made = await conn.sobject('Gadget__c').create({ Color__c: 'Red', When__c: '2026-01-02' });
    const row = (await conn.sobject('Gadget__c').retrieve(made.id!)) as unknown as Record<string, unknown>;
    expect([row.Name, row.OwnerId]).to.deep.equal(['G-001', org.userId]);
    expect(
      errorCode(await call(org, 'POST', '/services/data/v65.0/sobjects/Gadget__c', { Color__c: 'Green' }))
    ).to.equal('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const knob = await conn.query<{ DeveloperName: string; Turns__c: number; Mode__c: string | null }>(
      'SELECT DeveloperName, Turns__c, Mode__c FROM Knob__mdt'
    );
    expect(knob.records.map((k) => [k.DeveloperName, k.Turns__c, k.Mode__c])).to.deep.equal([['Main', 7, null]]);
    expect(errorCode(await call(org, 'POST', '/services/data/v65.0/sobjects/Knob__mdt', { Turns__c: 1 }))).to.equal(
      'INVALID_TYPE_FOR_OPERATION'
    );
    expect((await conn.query("SELECT Label FROM PermissionSet WHERE Name = 'GadgetUser'")).records[0]).to.deep.include({
      Label: 'Gadget User'
    });
    const nc = getMetadata(org.store, 'NamedCredential', 'Api')?.content as {
      namedCredentialParameters: { parameterValue: string };
    };
    expect(nc.namedCredentialParameters.parameterValue).to.equal('https://example.invalid');
  });

  it('fails a deploy with a syntax error at its file, line and column, and applies nothing', async () => {
    const r = await deploy({
      'package.xml': pkg({ ApexClass: ['Fine', 'Broken'] }),
      'classes/Fine.cls': 'public class Fine {}',
      'classes/Fine.cls-meta.xml': classMeta,
      'classes/Broken.cls': 'public class Broken {\n  void go() {\n    Integer x = 1\n    return;\n  }\n}',
      'classes/Broken.cls-meta.xml': classMeta
    });
    expect([r.success, r.status]).to.deep.equal([false, 'Failed']);
    const failure = [r.details!.componentFailures].flat()[0]!;
    expect(failure).to.deep.include({
      componentType: 'ApexClass',
      fullName: 'Broken',
      fileName: 'classes/Broken.cls',
      problemType: 'Error'
    });
    expect(failure.problem).to.match(/'return'/);
    expect([Number(failure.lineNumber), Number(failure.columnNumber)]).to.deep.equal([4, 5]);
    expect((await conn.tooling.query("SELECT Id FROM ApexClass WHERE Name = 'Fine'")).totalSize).to.equal(0);
  });

  it('reports malformed XML, unknown types and unknown folders instead of dropping them', async () => {
    const r = await deploy({
      'package.xml': pkg({ CustomObject: ['Bad__c'], NoSuchType: ['X'] }),
      'objects/Bad__c.object': `<?xml version="1.0"?><CustomObject ${NS}><label>Bad</label></Custom>`,
      'mystery/thing.txt': 'hello',
      'permissionsets/Deep.permissionset': `<?xml version="1.0"?><PermissionSet ${NS}>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</PermissionSet>`
    });
    expect(r.success).to.equal(false);
    const failures = [r.details!.componentFailures].flat();
    const byName = Object.fromEntries(failures.map((f) => [f.fullName, f]));
    expect(byName.Bad__c.problem).to.match(/^Error parsing file: /);
    expect(Number(byName.Bad__c.lineNumber)).to.equal(1);
    expect(byName.X.problem).to.equal("Unknown type name 'NoSuchType' specified in package.xml");
    expect(byName['mystery/thing.txt'].problem).to.contain('Unknown metadata type');
    expect(byName.Deep.problem).to.match(/^Error parsing file: /);
  });

  it('fails honestly on a bad zip and when tests are requested', async () => {
    const bad = await deploy(Buffer.from('this is not a zip'));
    expect(bad.success).to.equal(false);
    expect(bad.errorMessage).to.match(/^The deploy zip is not valid: /);
    // With the Apex runtime attached (the default), RunLocalTests runs the org's tests: none here.
    const tests = await deploy(goodFiles, { testLevel: 'RunLocalTests' });
    expect([tests.success, Number(tests.numberTestsTotal)]).to.deep.equal([true, 0]);
  });

  it('deploys through the REST deployRequest path (multipart)', async () => {
    const form = new FormData();
    form.append(
      'json',
      new Blob([JSON.stringify({ deployOptions: { checkOnly: false, singlePackage: true } })], {
        type: 'application/json'
      })
    );
    form.append(
      'file',
      new Blob([
        new Uint8Array(
          await zip({
            'package.xml': pkg({ ApexClass: ['ViaRest'] }),
            'classes/ViaRest.cls': 'public class ViaRest {}',
            'classes/ViaRest.cls-meta.xml': classMeta
          })
        )
      ]),
      'deploy.zip'
    );
    const res = await fetch(`${org.instanceUrl}/services/data/v65.0/metadata/deployRequest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org.accessToken}` },
      body: form
    });
    expect(res.status).to.equal(201);
    const { id } = (await res.json()) as { id: string };
    const status = await call(org, 'GET', `/services/data/v65.0/metadata/deployRequest/${id}?includeDetails=true`);
    const body = status.json as {
      deployResult: { success: boolean; details: { componentSuccesses: { fullName: string }[] } };
    };
    expect(body.deployResult.success).to.equal(true);
    expect(body.deployResult.details.componentSuccesses.map((c) => c.fullName)).to.include('ViaRest');
  });

  async function soap(path: string, body: string, session = org.accessToken) {
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header><SessionHeader xmlns="http://soap.sforce.com/2006/08/apex"><sessionId>${session}</sessionId></SessionHeader></env:Header><env:Body>${body}</env:Body></env:Envelope>`;
    const res = await fetch(`${org.instanceUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: 'executeAnonymous' },
      body: envelope
    });
    return { status: res.status, text: await res.text() };
  }

  it('answers executeAnonymous with compile problems, runs what compiles, and reports runtime failures', async () => {
    const exec = (code: string) =>
      soap(
        `/services/Soap/s/65.0/${org.orgId}`,
        `<executeAnonymous xmlns="http://soap.sforce.com/2006/08/apex"><String>${code}</String></executeAnonymous>`
      );
    const broken = await exec('Integer i = ;');
    expect(broken.status).to.equal(200);
    expect(broken.text)
      .to.contain('<soapenv:Envelope')
      .and.contain('<compiled>false</compiled>')
      .and.contain('<line>1</line>')
      .and.contain('<compileProblem>');
    const fine = await exec("System.debug('hi');");
    expect(fine.text).to.contain('<compiled>true</compiled>').and.contain('<success>true</success>');
    const failing = await exec('Integer i = 1 / 0;');
    expect(failing.text)
      .to.contain('<compiled>true</compiled>')
      .and.contain('<success>false</success>')
      .and.contain('Divide by 0');
    const viaRest = await conn.tooling.executeAnonymous('Integer i = 1;');
    expect(viaRest).to.deep.include({ compiled: true, success: true });
    const brokenRest = await conn.tooling.executeAnonymous('Integer i = ;');
    expect([brokenRest.compiled, brokenRest.line]).to.deep.equal([false, 1]);
    const noSession = await soap(
      '/services/Soap/s/65.0',
      '<executeAnonymous><String>x</String></executeAnonymous>',
      'bogus'
    );
    expect([noSession.status, noSession.text.includes('sf:INVALID_SESSION_ID')]).to.deep.equal([500, true]);
    const res = await fetch(`${org.instanceUrl}/services/Soap/m/65.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: '<env:Envelope><env:Body><deploy>'
    });
    expect(res.status).to.equal(500);
    expect(await res.text()).to.contain('<faultcode>sf:INVALID_XML</faultcode>');
  });
});

describe('local org deploy with an Apex test runner hook', () => {
  let org: LocalOrg;
  let conn: Connection;
  const seen: { testLevel: string; classNames: string[]; deployedClasses: number }[] = [];
  before(async () => {
    org = await startLocalOrg({
      // A test double for the Apex runtime's runner: it records what the deploy asks and sees, and
      // fails when asked to run a class named Failing_Tests.
      runApexTests: (req) => {
        const deployedClasses = (org.store.db.prepare('SELECT COUNT(*) AS n FROM "o_apexclass"').get() as { n: number })
          .n;
        seen.push({ ...req, deployedClasses });
        const failing = req.classNames.includes('Failing_Tests');
        return {
          numTestsRun: 1,
          numFailures: failing ? 1 : 0,
          totalTime: 5,
          successes: failing ? [] : [{ name: req.classNames[0], methodName: 'works', time: 5 }],
          failures: failing
            ? [
                {
                  name: 'Failing_Tests',
                  methodName: 'breaks',
                  message: 'System.AssertException: Assertion Failed',
                  stackTrace: 'Class.Failing_Tests.breaks: line 3, column 1',
                  type: 'Class',
                  problemType: 'Error'
                }
              ]
            : []
        };
      }
    });
    conn = await connectTo(org);
  });
  after(() => org.stop());

  const files = (name: string) => ({
    'package.xml': pkg({ ApexClass: [name] }),
    [`classes/${name}.cls`]: `@IsTest\nprivate class ${name} {\n  @IsTest static void works() { Assert.isTrue(true); }\n}\n`,
    [`classes/${name}.cls-meta.xml`]: classMeta
  });

  it('runs the requested tests inside the deploy and reports them', async () => {
    const started = await conn.metadata.deploy(await zip(files('Passing_Tests')), {
      testLevel: 'RunSpecifiedTests',
      runTests: ['Passing_Tests'],
      singlePackage: true
    });
    const r = await conn.metadata.checkDeployStatus(started.id, true);
    expect([r.success, Number(r.numberTestsTotal), Number(r.numberTestErrors)]).to.deep.equal([true, 1, 0]);
    expect(seen.at(-1)).to.deep.equal({
      testLevel: 'RunSpecifiedTests',
      classNames: ['Passing_Tests'],
      deployedClasses: 1
    });
  });

  it('rolls the deploy back when a test fails', async () => {
    const started = await conn.metadata.deploy(await zip(files('Failing_Tests')), {
      testLevel: 'RunSpecifiedTests',
      runTests: ['Failing_Tests'],
      singlePackage: true
    });
    const r = await conn.metadata.checkDeployStatus(started.id, true);
    expect([r.success, Number(r.numberTestErrors)]).to.deep.equal([false, 1]);
    const failures = [(r.details as { runTestResult?: { failures?: unknown } }).runTestResult?.failures].flat() as {
      message: string;
    }[];
    expect(failures[0].message).to.equal('System.AssertException: Assertion Failed');
    expect(seen.at(-1)!.deployedClasses, 'the runner saw the class being deployed').to.equal(2);
    expect((await conn.tooling.query("SELECT Id FROM ApexClass WHERE Name = 'Failing_Tests'")).totalSize).to.equal(0);
  });
});
