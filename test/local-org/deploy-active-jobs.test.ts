/**
 * Active Apex jobs block a redeploy of their class (ApexClass metadata docs), unless the org's
 * DeploymentSettings allow it (`doesSkipAsyncApexValidation`). Sources in docs/platform-facts.md.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connectTo } from './helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const classMeta = `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>`;

const NIGHTLY = `public with sharing class Nightly implements Schedulable {
  public void execute(SchedulableContext context) {
    Helper.run();
  }
}
`;
const helper = (n: number) => `public with sharing class Helper {
  public static Integer run() {
    return ${n};
  }
}
`;
const SWEEP = `public with sharing class Sweep implements Database.Batchable<SObject> {
  public Database.QueryLocator start(Database.BatchableContext bc) {
    return Database.getQueryLocator('SELECT Id FROM Organization');
  }
  public void execute(Database.BatchableContext bc, List<SObject> scope) {
    Helper.run();
  }
  public void finish(Database.BatchableContext bc) {
    Helper.run();
  }
}
`;

async function zip(classes: Record<string, string>, settings?: string): Promise<Buffer> {
  const z = new JSZip();
  const names = Object.keys(classes);
  z.file(
    'package.xml',
    `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${
      names.length ? `<types>${names.map((c) => `<members>${c}</members>`).join('')}<name>ApexClass</name></types>` : ''
    }${settings ? '<types><members>Deployment</members><name>Settings</name></types>' : ''}<version>65.0</version></Package>`
  );
  for (const [name, body] of Object.entries(classes)) {
    z.file(`classes/${name}.cls`, body);
    z.file(`classes/${name}.cls-meta.xml`, classMeta);
  }
  if (settings)
    z.file(
      'settings/Deployment.settings',
      `<?xml version="1.0" encoding="UTF-8"?><DeploymentSettings ${NS}><doesSkipAsyncApexValidation>${settings}</doesSkipAsyncApexValidation></DeploymentSettings>`
    );
  return z.generateAsync({ type: 'nodebuffer' });
}

interface Outcome {
  status: string;
  problems: string[];
}

async function deploy(conn: Connection, data: Buffer): Promise<Outcome> {
  const started = await conn.metadata.deploy(data, { rollbackOnError: true, singlePackage: true });
  const r = await conn.metadata.checkDeployStatus(started.id, true);
  const failures = [r.details?.componentFailures ?? []].flat() as { fullName: string; problem: string }[];
  return { status: r.status, problems: failures.map((f) => `${f.fullName}: ${f.problem}`) };
}

describe('local org: active Apex jobs block a redeploy of their class', () => {
  let org: LocalOrg;
  let conn: Connection;
  beforeEach(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
    expect((await deploy(conn, await zip({ Helper: helper(1), Nightly: NIGHTLY, Sweep: SWEEP }))).status).to.equal(
      'Succeeded'
    );
  });
  afterEach(() => org.stop());

  const apex = async (code: string) => {
    const r = await conn.tooling.executeAnonymous(code);
    expect([r.compiled, r.success, r.exceptionMessage]).to.deep.equal([true, true, null]);
  };

  it('fails the redeploy of a class with a pending scheduled job, and allows it once the job is aborted', async () => {
    await apex("System.schedule('Nightly run', '0 0 2 * * ?', new Nightly());");
    expect(await deploy(conn, await zip({ Nightly: NIGHTLY, Helper: helper(2) }))).to.deep.equal({
      status: 'Failed',
      problems: ['Nightly: This schedulable class has jobs pending or in progress']
    });
    const helperBody = await conn.tooling.query<{ Body: string }>("SELECT Body FROM ApexClass WHERE Name = 'Helper'");
    expect(helperBody.records[0].Body, 'nothing of the failed deploy was applied').to.contain('return 1;');
    expect((await deploy(conn, await zip({ Helper: helper(3) }))).status, 'other classes deploy').to.equal('Succeeded');
    await apex(
      "for (CronTrigger t : [SELECT Id FROM CronTrigger WHERE CronJobDetail.Name = 'Nightly run']) { System.abortJob(t.Id); }"
    );
    expect((await deploy(conn, await zip({ Nightly: NIGHTLY }))).status).to.equal('Succeeded');
  });

  it('fails the redeploy of a class with a queued batch job', async () => {
    const classId = (await conn.tooling.query<{ Id: string }>("SELECT Id FROM ApexClass WHERE Name = 'Sweep'"))
      .records[0].Id;
    // A batch job the queue has not started yet (the local org runs its queue at once, so the row is made here).
    org.store.insert(
      'AsyncApexJob',
      { JobType: 'BatchApex', Status: 'Queued', ApexClassId: classId },
      { system: true }
    );
    expect(await deploy(conn, await zip({ Sweep: SWEEP }))).to.deep.equal({
      status: 'Failed',
      problems: ['Sweep: This Apex class has batch or future jobs pending or in progress']
    });
  });

  it('allows the redeploy once DeploymentSettings doesSkipAsyncApexValidation is deployed as true', async () => {
    await apex("System.schedule('Nightly run', '0 0 2 * * ?', new Nightly());");
    expect((await deploy(conn, await zip({}, 'false'))).status).to.equal('Succeeded');
    expect((await deploy(conn, await zip({ Nightly: NIGHTLY }))).status, 'false keeps the rule').to.equal('Failed');
    expect((await deploy(conn, await zip({}, 'true'))).status).to.equal('Succeeded');
    expect(await deploy(conn, await zip({ Nightly: NIGHTLY }))).to.deep.equal({ status: 'Succeeded', problems: [] });
  });
});
