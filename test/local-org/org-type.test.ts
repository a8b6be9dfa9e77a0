/**
 * Org types (`--org-type`): the Organization record, and the deploy rules of production orgs (NoTestRun
 * refused, the default test level, 75% code coverage). Sources in docs/platform-facts.md.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import JSZip from 'jszip';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg, type OrgType } from '../../src/local-org/index.js';
import { parseStartFlags, StartUsageError } from '../../scripts/lib/embedded.js';
import { call, connectTo } from './helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const classMeta = `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>`;

async function zip(files: Record<string, string>): Promise<Buffer> {
  const z = new JSZip();
  const classes = Object.keys(files).map((n) => n.replace(/\.cls$/, ''));
  z.file(
    'package.xml',
    `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${
      classes.length
        ? `<types>${classes.map((c) => `<members>${c}</members>`).join('')}<name>ApexClass</name></types>`
        : ''
    }<types><members>Gadget__c</members><name>CustomObject</name></types><version>65.0</version></Package>`
  );
  for (const [name, body] of Object.entries(files)) {
    z.file(`classes/${name}`, body);
    z.file(`classes/${name}-meta.xml`, classMeta);
  }
  z.file(
    'objects/Gadget__c.object',
    `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><label>Gadget</label><pluralLabel>Gadgets</pluralLabel><nameField><label>Name</label><type>Text</type></nameField></CustomObject>`
  );
  return z.generateAsync({ type: 'nodebuffer' });
}

/** Four executable lines; `half()` runs two of them. */
const SUBJECT = `public with sharing class Subject {
  public static Integer half() {
    Integer a = 1;
    return a;
  }
  public static Integer other() {
    Integer b = 2;
    return b;
  }
}
`;
const testClass = (name: string, calls: string) => `@IsTest
private class ${name} {
  @IsTest
  static void runs() {
    ${calls}
    Assert.isTrue(true, 'ran');
  }
}
`;
const HALF_TESTS = { 'Subject.cls': SUBJECT, 'Subject_Tests.cls': testClass('Subject_Tests', 'Subject.half();') };
const FULL_TESTS = {
  'Subject.cls': SUBJECT,
  'Subject_Tests.cls': testClass('Subject_Tests', 'Subject.half();\n    Subject.other();')
};

interface Result {
  success: boolean | string;
  status: string;
  numberTestsTotal: number | string;
  details?: { runTestResult?: { codeCoverageWarnings?: unknown } };
}

async function deploy(conn: Connection, data: Buffer, options: Record<string, unknown>): Promise<Result> {
  const started = await conn.metadata.deploy(data, { rollbackOnError: true, singlePackage: true, ...options });
  return (await conn.metadata.checkDeployStatus(started.id, true)) as unknown as Result;
}

const warnings = (r: Result): { name: string; message: string }[] =>
  [r.details?.runTestResult?.codeCoverageWarnings ?? []].flat() as { name: string; message: string }[];

async function organization(conn: Connection): Promise<Record<string, unknown>> {
  const r = await conn.query<Record<string, unknown>>(
    'SELECT IsSandbox, OrganizationType, TrialExpirationDate FROM Organization'
  );
  const { attributes: _a, ...fields } = r.records[0];
  return fields;
}

describe('local org types (--org-type)', () => {
  it('describes each type in the Organization record as @salesforce/core reads it', async () => {
    const seen: Record<string, Record<string, unknown>> = {};
    for (const orgType of ['production', 'sandbox', 'scratch', 'developer'] as OrgType[]) {
      const org = await startLocalOrg({ orgType, clock: { now: '2026-03-10T12:00:00Z', timeZone: 'UTC' } });
      try {
        expect(org.orgType).to.equal(orgType);
        seen[orgType] = await organization(await connectTo(org));
      } finally {
        await org.stop();
      }
    }
    expect(seen).to.deep.equal({
      production: { IsSandbox: false, OrganizationType: 'Enterprise Edition', TrialExpirationDate: null },
      sandbox: { IsSandbox: true, OrganizationType: 'Enterprise Edition', TrialExpirationDate: null },
      scratch: {
        IsSandbox: true,
        OrganizationType: 'Developer Edition',
        TrialExpirationDate: '2026-03-17T00:00:00.000+0000'
      },
      developer: { IsSandbox: false, OrganizationType: 'Developer Edition', TrialExpirationDate: null }
    });
  });

  it('defaults to a Developer Edition org, keeps a --data-dir org type across restarts and a reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'org-type-'));
    try {
      const first = await startLocalOrg({ dataDir: dir });
      expect(first.orgType).to.equal('developer');
      await first.stop();
      const second = await startLocalOrg({ dataDir: dir, orgType: 'production' });
      await second.stop();
      const third = await startLocalOrg({ dataDir: dir });
      try {
        expect(third.orgType).to.equal('production');
        await call(third, 'POST', '/__local/reset', { dropData: true });
        const status = await fetch(`${third.instanceUrl}/__local/status`, {
          headers: { 'X-Local-Org-Secret': third.controlSecret }
        }).then((r) => r.json() as Promise<{ orgType: string }>);
        expect(status.orgType).to.equal('production');
      } finally {
        await third.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes --org-type in npm start and rejects an unknown type', () => {
    expect(parseStartFlags(['--org-type', 'production'])).to.include({ port: 0, orgType: 'production' });
    expect(() => parseStartFlags(['--org-type', 'prod'])).to.throw(
      StartUsageError,
      '--org-type must be one of production, sandbox, scratch, developer'
    );
  });
});

describe('local org deploy rules of a production org', () => {
  let production: LocalOrg;
  let developer: LocalOrg;
  let prod: Connection;
  let dev: Connection;
  before(async () => {
    production = await startLocalOrg({ orgType: 'production' });
    developer = await startLocalOrg({ orgType: 'developer' });
    prod = await connectTo(production);
    dev = await connectTo(developer);
  });
  after(async () => {
    await production.stop();
    await developer.stop();
  });

  it('refuses NoTestRun at the deploy call, with or without Apex, over SOAP and REST', async () => {
    const message = 'INVALID_OPERATION: testLevel of NoTestRun cannot be used in production organizations';
    for (const files of [HALF_TESTS, {}]) {
      const err = await prod.metadata.deploy(await zip(files), { testLevel: 'NoTestRun' }).then(
        () => undefined,
        (e: Error) => e
      );
      expect(err?.message).to.equal(message);
    }
    const form = new FormData();
    form.append('json', JSON.stringify({ deployOptions: { testLevel: 'NoTestRun' } }));
    form.append('file', new Blob([new Uint8Array(await zip({}))]), 'deploy.zip');
    const rest = await fetch(`${production.instanceUrl}/services/data/v65.0/metadata/deployRequest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${production.accessToken}` },
      body: form
    });
    expect([rest.status, await rest.json()]).to.deep.equal([
      400,
      [{ message: 'testLevel of NoTestRun cannot be used in production organizations', errorCode: 'INVALID_OPERATION' }]
    ]);
    const devResult = await deploy(dev, await zip(HALF_TESTS), { testLevel: 'NoTestRun' });
    expect(devResult.status, 'a Developer Edition org accepts NoTestRun').to.equal('Succeeded');
  });

  it('runs the local tests by default when the package has Apex, and none when it has not', async () => {
    const withApex = await deploy(prod, await zip(FULL_TESTS), {});
    expect([withApex.status, Number(withApex.numberTestsTotal)]).to.deep.equal(['Succeeded', 1]);
    const withoutApex = await deploy(prod, await zip({}), {});
    expect([withoutApex.status, Number(withoutApex.numberTestsTotal)]).to.deep.equal(['Succeeded', 0]);
    const devDefault = await deploy(dev, await zip(FULL_TESTS), {});
    expect(Number(devDefault.numberTestsTotal), 'other orgs run no tests by default').to.equal(0);
  });

  it('fails RunLocalTests below 75% org-wide coverage and rolls the deploy back', async () => {
    // The org holds Subject fully covered (previous test); this package replaces the tests with half.
    const r = await deploy(prod, await zip(HALF_TESTS), { testLevel: 'RunLocalTests' });
    expect([r.status, warnings(r).map((w) => [w.name, w.message])]).to.deep.equal([
      'Failed',
      [
        [
          'Deploy Error',
          'Average test coverage across all Apex Classes and Triggers is 50%, at least 75% test coverage is required.'
        ]
      ]
    ]);
    const body = await prod.tooling.query<{ Body: string }>("SELECT Body FROM ApexClass WHERE Name = 'Subject_Tests'");
    expect(body.records[0].Body, 'the deploy rolled back').to.contain('Subject.other();');
    const devResult = await deploy(dev, await zip(HALF_TESTS), { testLevel: 'RunLocalTests' });
    expect(devResult.status, 'coverage is not enforced outside production').to.equal('Succeeded');
  });

  it('fails RunSpecifiedTests when a deployed class is covered below 75% by the named tests', async () => {
    const r = await deploy(prod, await zip(HALF_TESTS), {
      testLevel: 'RunSpecifiedTests',
      runTests: ['Subject_Tests']
    });
    expect([r.status, warnings(r).map((w) => [w.name, w.message])]).to.deep.equal([
      'Failed',
      [['Subject', 'Test coverage of selected Apex Class is 50%, at least 75% test coverage is required']]
    ]);
    const full = await deploy(prod, await zip(FULL_TESTS), {
      testLevel: 'RunSpecifiedTests',
      runTests: ['Subject_Tests']
    });
    expect([full.status, warnings(full)]).to.deep.equal(['Succeeded', []]);
  });

  it('fails a production deploy whose trigger the tests leave at 0% and passes it once a test fires it', async () => {
    const withTrigger = async (tests: string): Promise<Result> => {
      const z = await JSZip.loadAsync(
        await zip({ ...FULL_TESTS, 'Subject_Tests.cls': testClass('Subject_Tests', tests) })
      );
      z.file(
        'triggers/GadgetTrigger.trigger',
        "trigger GadgetTrigger on Gadget__c (before insert) {\n  for (Gadget__c g : Trigger.new) {\n    g.Name = g.Name + '!';\n  }\n}\n"
      );
      z.file(
        'triggers/GadgetTrigger.trigger-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?><ApexTrigger ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexTrigger>`
      );
      const pkgXml = (await z.file('package.xml')!.async('string')).replace(
        '<version>',
        '<types><members>GadgetTrigger</members><name>ApexTrigger</name></types><version>'
      );
      z.file('package.xml', pkgXml);
      return deploy(prod, await z.generateAsync({ type: 'nodebuffer' }), { testLevel: 'RunLocalTests' });
    };
    const uncovered = await withTrigger('Subject.half();\n    Subject.other();');
    expect(uncovered.status).to.equal('Failed');
    expect(warnings(uncovered).map((w) => [w.name, w.message])).to.deep.include([
      'GadgetTrigger',
      'Test coverage of selected Apex Trigger is 0%, at least 1% test coverage is required'
    ]);
    const covered = await withTrigger("Subject.half();\n    Subject.other();\n    insert new Gadget__c(Name = 'g');");
    expect([covered.status, warnings(covered)]).to.deep.equal(['Succeeded', []]);
  });
});
