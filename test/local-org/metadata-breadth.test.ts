/**
 * Metadata breadth (issue 15, point 8), in process: the breadth fixture (every metadata kind an ordinary
 * project deploys) converted by source-deploy-retrieve and deployed over SOAP; listMetadata, retrieve and
 * describeMetadata; the types whose behaviour is modelled (custom metadata with every field type, custom
 * labels, static resources, DataWeave failing loudly). The real-CLI path is in metadata-breadth-cli.test.ts.
 */
import { join, resolve } from 'node:path';
import type { Connection } from '@salesforce/core';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { runSoql } from '../../src/local-org/store/index.js';
import { connectTo } from './helpers.js';

const BREADTH = resolve(import.meta.dirname, '../fixtures/local-org/breadth');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

async function fixtureZip(): Promise<Buffer> {
  const cs = ComponentSet.fromSource(join(BREADTH, 'force-app'));
  const converted = await new MetadataConverter().convert(cs, 'metadata', { type: 'zip' });
  return converted.zipBuffer!;
}

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [p, d] of Object.entries(files)) z.file(p, d);
  return z.generateAsync({ type: 'nodebuffer' });
}

const pkg = (types: Record<string, string[]>) =>
  `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${Object.entries(types)
    .map(([n, ms]) => `<types>${ms.map((m) => `<members>${m}</members>`).join('')}<name>${n}</name></types>`)
    .join('')}<version>65.0</version></Package>`;

describe('local org metadata breadth: every deployed type stored, listed, retrievable', function () {
  this.timeout(120_000);
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
  });
  after(() => org.stop());

  async function deploy(data: Buffer) {
    const started = await conn.metadata.deploy(data, { rollbackOnError: true, singlePackage: true });
    return conn.metadata.checkDeployStatus(started.id, true);
  }

  async function anonymous(code: string) {
    return conn.tooling.executeAnonymous(code);
  }

  it('deploys the breadth fixture: every component reported deployed', async () => {
    const r = await deploy(await fixtureZip());
    const failures = [r.details?.componentFailures ?? []].flat();
    expect(r.success, JSON.stringify(failures, null, 1)).to.equal(true);
    const names = new Set([r.details!.componentSuccesses].flat().map((c) => `${c.componentType}:${c.fullName}`));
    for (const expected of [
      'CustomLabels:CustomLabels',
      'StaticResource:GadgetData',
      'StaticResource:Bundle',
      'DataWeaveResource:GadgetToJson',
      'Layout:Gadget__c-Gadget Layout',
      'FlexiPage:Gadget_Record_Page',
      'CustomApplication:Gadgets',
      'CustomTab:Gadget__c',
      'Flow:Gadget_Flow',
      'CustomPermission:Gadget_Admin',
      'EmailTemplate:GadgetTemplates/Gadget_Ready',
      'Report:GadgetReports/All_Gadgets',
      'ApexPage:GadgetPage',
      'AuraDefinitionBundle:GadgetBadge',
      'LightningComponentBundle:gadgetCard',
      'CustomObject:Gadget_Event__e',
      'CustomMetadata:Setting.Default',
      'PermissionSetGroup:Gadget_Team',
      'GlobalValueSet:Colors'
    ])
      expect(names, expected).to.include(expected);
  });

  it('lists deployed components and their children with listMetadata', async () => {
    const labels = [await conn.metadata.list([{ type: 'CustomLabel' }])].flat();
    expect(labels.map((p) => p.fullName).sort()).to.deep.equal(['Gadget_Farewell', 'Gadget_Greeting']);
    const fields = [await conn.metadata.list([{ type: 'CustomField' }])].flat().map((p) => p.fullName);
    expect(fields).to.include.members(['Gadget__c.Weight__c', 'Setting__mdt.Region__c']);
    const reports = [await conn.metadata.list([{ type: 'Report', folder: 'GadgetReports' }])].flat();
    expect(reports.map((p) => [p.fullName, p.fileName])).to.deep.equal([
      ['GadgetReports/All_Gadgets', 'reports/GadgetReports/All_Gadgets.report']
    ]);
    const bad = await conn.metadata.list([{ type: 'NoSuchType' }]).then(
      () => undefined,
      (e: Error) => e
    );
    expect(bad?.message).to.match(/Unknown type name 'NoSuchType'/);
  });

  it('retrieves stored files byte for byte, and reports a member that does not exist', async () => {
    const started = await conn.metadata.retrieve({
      apiVersion: '65.0',
      singlePackage: true,
      unpackaged: {
        types: [
          { name: 'StaticResource', members: ['*'] },
          { name: 'DataWeaveResource', members: ['GadgetToJson'] },
          { name: 'ApexClass', members: ['LabelReader', 'Missing'] }
        ],
        version: '65.0'
      }
    } as never);
    const result = await conn.metadata.checkRetrieveStatus(started.id);
    expect(result.success).to.equal(true);
    const zip = await JSZip.loadAsync(Buffer.from(result.zipFile, 'base64'));
    expect(
      Object.keys(zip.files)
        .filter((f) => !zip.files[f].dir)
        .sort()
    ).to.deep.equal([
      'classes/LabelReader.cls',
      'classes/LabelReader.cls-meta.xml',
      'dw/GadgetToJson.dwl',
      'dw/GadgetToJson.dwl-meta.xml',
      'package.xml',
      'staticresources/Bundle.resource',
      'staticresources/Bundle.resource-meta.xml',
      'staticresources/GadgetData.resource',
      'staticresources/GadgetData.resource-meta.xml'
    ]);
    expect(await zip.file('staticresources/GadgetData.resource')!.async('string')).to.equal(
      'code,name\nG1,First gadget\nG2,Second gadget\n'
    );
    // the folder static resource is a zip, kept as bytes
    const inner = await JSZip.loadAsync(await zip.file('staticresources/Bundle.resource')!.async('nodebuffer'));
    expect(await inner.file('app.js')!.async('string')).to.contain('gadget');
    expect([result.messages].flat()).to.deep.equal([
      { fileName: 'unpackaged/package.xml', problem: "Entity of type 'ApexClass' named 'Missing' cannot be found" }
    ]);
  });

  it('describes every metadata type of the registry', async () => {
    const d = await conn.metadata.describe('65.0');
    const names = d.metadataObjects.map((o) => o.xmlName);
    expect(names).to.include.members(['ApexClass', 'CustomLabels', 'DataWeaveResource', 'StaticResource', 'Flow']);
    expect(d.metadataObjects.find((o) => o.xmlName === 'CustomObject')?.childXmlNames).to.include('CustomField');
  });

  it('serves custom metadata records with every field type, metadata relationships as API names', () => {
    const r = runSoql(
      org.store,
      'SELECT DeveloperName, Enabled__c, Start__c, Stamp__c, Contact_Email__c, Threshold__c, Share__c, Hotline__c, Mode__c, Label_Text__c, Notes__c, Long_Notes__c, Site__c, Target_Object__c, Target_Field__c, Region__c FROM Setting__mdt'
    ).records[0];
    expect(r).to.deep.include({
      DeveloperName: 'Default',
      Enabled__c: true,
      Start__c: '2026-01-15',
      Stamp__c: '2026-01-15T08:30:00.000+0000',
      Contact_Email__c: 'ops@example.com',
      Threshold__c: 12.5,
      Share__c: 7.5,
      Hotline__c: '+1 555 0100',
      Mode__c: 'Safe',
      Label_Text__c: 'Default setting',
      Notes__c: 'Short notes',
      Long_Notes__c: 'Long notes',
      Site__c: 'https://example.com',
      Target_Object__c: 'Gadget__c',
      Target_Field__c: 'Gadget__c.Weight__c',
      Region__c: 'EMEA'
    });
  });

  it('stores static resources as StaticResource rows', () => {
    const rows = runSoql(
      org.store,
      'SELECT Name, ContentType, CacheControl, BodyLength FROM StaticResource ORDER BY Name'
    ).records;
    expect(rows.map((r) => [r.Name, r.ContentType, r.CacheControl])).to.deep.equal([
      ['Bundle', 'application/zip', 'Public'],
      ['GadgetData', 'text/csv', 'Private']
    ]);
    expect(rows[1].BodyLength).to.equal(Buffer.byteLength('code,name\nG1,First gadget\nG2,Second gadget\n'));
  });

  it('reads custom labels in Apex (System.Label and Label), and an unknown label is an error', async () => {
    const ok = await anonymous(
      "Assert.areEqual('Hello, gadget', System.Label.Gadget_Greeting, 'label'); Assert.areEqual('Goodbye, gadget', Label.gadget_farewell, 'names are case-insensitive');"
    );
    expect([ok.compiled, ok.success, ok.exceptionMessage]).to.deep.equal([true, true, null]);
    const bad = await anonymous('String s = System.Label.No_Such_Label;');
    expect(bad.success).to.equal(false);
    expect(`${bad.compileProblem} ${bad.exceptionMessage}`).to.contain('Invalid external string name: No_Such_Label');
  });

  it('keeps labels deployed earlier when a later deploy brings other labels', async () => {
    const r = await deploy(
      await zipOf({
        'package.xml': pkg({ CustomLabels: ['CustomLabels'] }),
        'labels/CustomLabels.labels': `<?xml version="1.0" encoding="UTF-8"?><CustomLabels ${NS}><labels><fullName>Gadget_Extra</fullName><language>en_US</language><protected>false</protected><shortDescription>Extra</shortDescription><value>Extra value</value></labels></CustomLabels>`
      })
    );
    expect(r.success).to.equal(true);
    const labels = [await conn.metadata.list([{ type: 'CustomLabel' }])].flat().map((p) => p.fullName);
    expect(labels.sort()).to.deep.equal(['Gadget_Extra', 'Gadget_Farewell', 'Gadget_Greeting']);
  });

  it('fails DataWeave.Script loudly, naming it and the line', async () => {
    const r = await anonymous("Integer n = 1;\nDataWeave.Script s = DataWeave.Script.createScript('GadgetToJson');");
    expect(r.success).to.equal(false);
    expect(r.exceptionMessage).to.equal(
      'not supported by the local runtime: DataWeave.Script (DataWeave in Apex) at AnonymousBlock:2'
    );
  });

  it('stores content files as they are: no XML parse of Visualforce, email or DataWeave content', async () => {
    const r = await deploy(
      await zipOf({
        'package.xml': pkg({ ApexPage: ['Loose'], EmailTemplate: ['unfiled$public/Note'] }),
        // Visualforce that is not well-formed XML (an org's Visualforce compiler decides, not an XML parser).
        'pages/Loose.page': '<apex:page>\n  <p>unclosed & loose\n</apex:page>\n',
        'pages/Loose.page-meta.xml': `<?xml version="1.0" encoding="UTF-8"?><ApexPage ${NS}><apiVersion>65.0</apiVersion><label>Loose</label></ApexPage>`,
        'email/unfiled$public/Note.email': 'Dear <customer>, 1 < 2 & so on\n',
        'email/unfiled$public/Note.email-meta.xml': `<?xml version="1.0" encoding="UTF-8"?><EmailTemplate ${NS}><available>true</available><encodingKey>UTF-8</encodingKey><name>Note</name><style>none</style><subject>Note</subject><type>text</type><uiType>Aloha</uiType></EmailTemplate>`
      })
    );
    expect(r.success, JSON.stringify(r.details?.componentFailures)).to.equal(true);
  });

  it('names the file and says why when a file belongs to no metadata type', async () => {
    const r = await deploy(
      await zipOf({
        'package.xml': pkg({ ApexClass: ['A'] }),
        'notatype/Thing.xyz': 'hello'
      })
    );
    expect(r.success).to.equal(false);
    const f = [r.details?.componentFailures].flat()[0]!;
    expect(f.fileName).to.equal('notatype/Thing.xyz');
    expect(f.problem).to.match(/^Unknown metadata type for file notatype\/Thing\.xyz/);
  });
});
