/**
 * Compile on deploy: the local Apex runtime compiles every deployed class (and checks every trigger
 * body) inside the deploy, against
 * the schema the same deploy brings in; a problem fails the deploy with file, line and column, and
 * nothing is registered.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { connectTo } from './helpers.js';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { runSoql } from '../../src/local-org/store/index.js';
import { parseCount } from '../../src/local-org/apex/front-end/index.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const classMeta = `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>`;
const pkg = (classes: string[], objects: string[] = []) =>
  `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}><types>${classes.map((c) => `<members>${c}</members>`).join('')}<name>ApexClass</name></types>${
    objects.length
      ? `<types>${objects.map((o) => `<members>${o}</members>`).join('')}<name>CustomObject</name></types>`
      : ''
  }<version>65.0</version></Package>`;
const triggerMeta = `<?xml version="1.0" encoding="UTF-8"?><ApexTrigger ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexTrigger>`;
const triggerPkg = (triggers: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}><types>${triggers.map((t) => `<members>${t}</members>`).join('')}<name>ApexTrigger</name></types><version>65.0</version></Package>`;
const widget = `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><label>Widget</label><pluralLabel>Widgets</pluralLabel>
  <nameField><label>Name</label><type>Text</type></nameField>
  <fields><fullName>Size__c</fullName><label>Size</label><type>Number</type><precision>4</precision><scale>0</scale></fields></CustomObject>`;

describe('local org: compile on deploy', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
  });
  after(() => org.stop());

  async function deploy(files: Record<string, string>) {
    const z = new JSZip();
    for (const [p, d] of Object.entries(files)) z.file(p, d);
    const started = await conn.metadata.deploy(await z.generateAsync({ type: 'nodebuffer' }), {
      rollbackOnError: true,
      singlePackage: true
    });
    return conn.metadata.checkDeployStatus(started.id, true);
  }

  it('accepts classes that use an object deployed with them', async () => {
    const r = await deploy({
      'package.xml': pkg(['WidgetService'], ['Widget__c']),
      'objects/Widget__c.object': widget,
      'classes/WidgetService.cls':
        'public with sharing class WidgetService {\n  public static Integer count() {\n    return [SELECT COUNT() FROM Widget__c WHERE Size__c > 1];\n  }\n}\n',
      'classes/WidgetService.cls-meta.xml': classMeta
    });
    expect([r.success, r.status], JSON.stringify(r.details?.componentFailures)).to.deep.equal([true, 'Succeeded']);
  });

  it('fails a class that uses an unknown type or calls a method with the wrong arguments, with line and column', async () => {
    const r = await deploy({
      'package.xml': pkg(['Broken']),
      'classes/Broken.cls':
        'public with sharing class Broken {\n  public static void run() {\n    NoSuchType thing = null;\n    WidgetService.count(42);\n  }\n}\n',
      'classes/Broken.cls-meta.xml': classMeta
    });
    expect([r.success, r.status]).to.deep.equal([false, 'Failed']);
    const failures = [r.details?.componentFailures ?? []].flat();
    expect(failures.length, JSON.stringify(failures)).to.be.greaterThan(0);
    for (const f of failures) {
      expect(f.componentType).to.equal('ApexClass');
      expect(f.fullName).to.equal('Broken');
      expect(f.fileName).to.equal('classes/Broken.cls');
    }
    const lines = failures.map((f) => Number(f.lineNumber));
    expect(lines).to.include(3);
    expect(failures.find((f) => Number(f.lineNumber) === 3)!.problem).to.match(/NoSuchType/);
    expect(lines).to.include(4);
    expect(Number(failures.find((f) => Number(f.lineNumber) === 3)!.columnNumber)).to.be.greaterThan(0);
    // nothing of a failed deploy is registered
    const rows = runSoql(org.store, "SELECT Id FROM ApexClass WHERE Name = 'Broken'").records;
    expect(rows).to.have.length(0);
  });

  it('fails a deploy that breaks a class already in the org, naming that class', async () => {
    const caller = await deploy({
      'package.xml': pkg(['Caller']),
      'classes/Caller.cls':
        'public with sharing class Caller {\n  public static Integer go() {\n    return WidgetService.count();\n  }\n}\n',
      'classes/Caller.cls-meta.xml': classMeta
    });
    expect(caller.success, JSON.stringify(caller.details?.componentFailures)).to.equal(true);
    const r = await deploy({
      'package.xml': pkg(['WidgetService']),
      'classes/WidgetService.cls':
        'public with sharing class WidgetService {\n  public static Integer count(Integer atLeast) {\n    return atLeast;\n  }\n}\n',
      'classes/WidgetService.cls-meta.xml': classMeta
    });
    expect(r.success).to.equal(false);
    const failures = [r.details?.componentFailures ?? []].flat();
    expect(
      failures.map((f) => `${f.fullName}:${f.lineNumber}`),
      JSON.stringify(failures)
    ).to.deep.equal(['Caller:3']);
    // the old WidgetService is still the deployed one
    const body = runSoql(org.store, "SELECT Body FROM ApexClass WHERE Name = 'WidgetService'").records[0]?.Body;
    expect(String(body)).to.contain('count()');
  });

  it('parses each deployed class once (syntax check, compile on deploy and the runtime share the tree)', async () => {
    const before = parseCount();
    const r = await deploy({
      'package.xml': pkg(['ParsedOnce']),
      'classes/ParsedOnce.cls': `public with sharing class ParsedOnce {\n  public static String stamp() {\n    return '${Date.now()}';\n  }\n}\n`,
      'classes/ParsedOnce.cls-meta.xml': classMeta
    });
    expect(r.success, JSON.stringify(r.details?.componentFailures)).to.equal(true);
    expect(await conn.tooling.executeAnonymous('System.debug(ParsedOnce.stamp());')).to.deep.include({ success: true });
    // On this (the HTTP) thread: one parse for the new class; the anonymous block is parsed by the Apex
    // worker (docs/local-org.md, "Apex off the event loop"), which parses in its own heap.
    expect(parseCount() - before).to.equal(1);
  });

  it('checks trigger bodies on deploy, with Trigger.new typed for the object, and fails a broken trigger as ApexTrigger', async () => {
    const good = await deploy({
      'package.xml': triggerPkg(['AccountStamp']),
      'triggers/AccountStamp.trigger':
        "trigger AccountStamp on Account (before insert) {\n  for (Account a : Trigger.new) {\n    a.Description = 'stamped';\n  }\n}\n",
      'triggers/AccountStamp.trigger-meta.xml': triggerMeta
    });
    expect(good.success, JSON.stringify(good.details?.componentFailures)).to.equal(true);
    const bad = await deploy({
      'package.xml': triggerPkg(['AccountBroken']),
      'triggers/AccountBroken.trigger':
        'trigger AccountBroken on Account (before insert) {\n  List<Contact> rows = Trigger.new;\n}\n',
      'triggers/AccountBroken.trigger-meta.xml': triggerMeta
    });
    expect(bad.success).to.equal(false);
    const failures = [bad.details?.componentFailures ?? []].flat();
    expect(
      failures.map((f) => [f.componentType, f.fullName, f.fileName, Number(f.lineNumber), f.problem]),
      JSON.stringify(failures)
    ).to.deep.equal([
      [
        'ApexTrigger',
        'AccountBroken',
        'triggers/AccountBroken.trigger',
        2,
        'Illegal assignment from List<Account> to List<Contact>'
      ]
    ]);
    expect(runSoql(org.store, "SELECT Id FROM ApexTrigger WHERE Name = 'AccountBroken'").records).to.have.length(0);
  });
});
