/**
 * Metadata breadth through the real `sf` CLI (issue 15, point 8): `sf project deploy start` of the
 * breadth fixture with its Apex test, `sf org list metadata`, and `sf project retrieve start` writing the
 * deployed source back into a project.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { IsolatedSf } from './sf-cli.js';

const BREADTH = resolve(import.meta.dirname, '../fixtures/local-org/breadth');

describe('metadata breadth through the real sf CLI (deploy, list, retrieve)', function () {
  this.timeout(240_000);
  let org: LocalOrg;
  let sf: IsolatedSf;
  let project: string;
  before(async () => {
    org = await startLocalOrg();
    sf = new IsolatedSf();
    project = mkdtempSync(join(tmpdir(), 'breadth-'));
    cpSync(BREADTH, project, { recursive: true });
    const login = await sf.login(org.instanceUrl, org.accessToken);
    expect(login.code, login.stdout + login.stderr).to.equal(0);
  });
  after(async () => {
    await org.stop();
    sf.dispose();
    rmSync(project, { recursive: true, force: true });
  });

  it('deploys the multi-type project with sf project deploy start, running its Apex test', async () => {
    const r = await sf.run(
      [
        'project',
        'deploy',
        'start',
        '-o',
        'lo',
        '--test-level',
        'RunSpecifiedTests',
        '--tests',
        'LabelReader_Tests',
        '--json'
      ],
      { cwd: project }
    );
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const files = (r.json?.result?.files as { fullName: string; type: string; state: string }[]).map(
      (f) => `${f.type}:${f.fullName}`
    );
    expect(files).to.include.members([
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
      'CustomMetadata:Setting.Default',
      'CustomObject:Setting__mdt',
      'LightningComponentBundle:gadgetCard',
      'ApexClass:LabelReader'
    ]);
    const tests = r.json?.result?.numberTestsCompleted;
    expect(tests, 'LabelReader_Tests ran and passed (System.Label)').to.equal(1);
  });

  it('lists deployed components with sf org list metadata', async () => {
    const r = await sf.run(['org', 'list', 'metadata', '-o', 'lo', '-m', 'StaticResource', '--json'], { cwd: project });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const names = (r.json?.result as unknown as { fullName: string }[]).map((p) => p.fullName).sort();
    expect(names).to.deep.equal(['Bundle', 'GadgetData']);
  });

  it('retrieves deployed source with sf project retrieve start', async () => {
    const resource = join(project, 'force-app/main/default/staticresources/GadgetData.csv');
    const dw = join(project, 'force-app/main/default/dw/GadgetToJson.dwl');
    const before = [readFileSync(resource, 'utf8'), readFileSync(dw, 'utf8')];
    writeFileSync(resource, 'changed locally\n');
    writeFileSync(dw, 'changed locally\n');
    const r = await sf.run(
      [
        'project',
        'retrieve',
        'start',
        '-o',
        'lo',
        '-m',
        'StaticResource:GadgetData',
        '-m',
        'DataWeaveResource:GadgetToJson',
        '--json'
      ],
      { cwd: project }
    );
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect([readFileSync(resource, 'utf8'), readFileSync(dw, 'utf8')]).to.deep.equal(before);
  });
});
