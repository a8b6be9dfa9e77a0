/** Conformance: the real `sf` CLI against the local org over HTTP, in an isolated HOME. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { IsolatedSf } from './sf-cli.js';

describe('sf CLI conformance (real sf, isolated HOME)', function () {
  this.timeout(180_000);
  let org: LocalOrg;
  let sf: IsolatedSf;
  before(async () => {
    org = await startLocalOrg();
    sf = new IsolatedSf();
  });
  after(async () => {
    await org.stop();
    sf.dispose();
  });

  it('logs in with sf org login access-token and shows the org with sf org display', async () => {
    const login = await sf.run(
      ['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--no-prompt', '--alias', 'lo', '--json'],
      {
        env: { SF_ACCESS_TOKEN: org.accessToken }
      }
    );
    expect(login.code, login.stdout + login.stderr).to.equal(0);
    expect(login.json?.result).to.deep.include({ orgId: org.orgId, username: org.username });
    const display = await sf.run(['org', 'display', '-o', 'lo', '--json']);
    expect(display.code, display.stdout + display.stderr).to.equal(0);
    expect(display.json?.result).to.deep.include({
      id: org.orgId,
      username: org.username,
      connectedStatus: 'Connected'
    });
  });

  it('queries records and an aggregate with sf data query', async () => {
    const q = await sf.run([
      'data',
      'query',
      '-o',
      'lo',
      '-q',
      'SELECT IsoCode, IsCorporate FROM CurrencyType WHERE IsCorporate = true',
      '--json'
    ]);
    expect(q.code, q.stdout + q.stderr).to.equal(0);
    expect((q.json?.result?.records as Record<string, unknown>[]).map((r) => r.IsoCode)).to.deep.equal(['USD']);
    const agg = await sf.run([
      'data',
      'query',
      '-o',
      'lo',
      '-q',
      "SELECT COUNT(Id), MAX(StartDate) FROM DatedConversionRate WHERE IsoCode = 'EUR'"
    ]);
    expect(agg.code, agg.stdout + agg.stderr).to.equal(0);
    expect(agg.stdout)
      .to.match(/COUNT\(ID\)/)
      .and.match(/MAX\(STARTDATE\)/)
      .and.match(/│\s*6\s*│\s*\d{4}-\d{2}-\d{2}/);
  });

  it('creates a record with sf data create record, and reports a platform error', async () => {
    const ok = await sf.run([
      'data',
      'create',
      'record',
      '-o',
      'lo',
      '-s',
      'DatedConversionRate',
      '-v',
      'IsoCode=EUR ConversionRate=0.77 StartDate=2031-05-05',
      '--json'
    ]);
    expect(ok.code, ok.stdout + ok.stderr).to.equal(0);
    const id = String(ok.json?.result?.id);
    expect(org.store.retrieve('DatedConversionRate', id)).to.deep.include({ IsoCode: 'EUR', ConversionRate: 0.77 });
    const bad = await sf.run([
      'data',
      'create',
      'record',
      '-o',
      'lo',
      '-s',
      'DatedConversionRate',
      '-v',
      'IsoCode=ZZZ ConversionRate=1 StartDate=2031-05-05',
      '--json'
    ]);
    expect(bad.code).to.not.equal(0);
    expect(bad.stdout).to.contain('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  const fixtures = resolve(import.meta.dirname, '../fixtures/local-org');

  it('deploys a small project with sf project deploy start (SOAP and REST paths)', async () => {
    const soapDeploy = await sf.run(['project', 'deploy', 'start', '-o', 'lo', '--json'], {
      cwd: join(fixtures, 'project')
    });
    expect(soapDeploy.code, soapDeploy.stdout + soapDeploy.stderr).to.equal(0);
    const files = (soapDeploy.json?.result?.files as { fullName: string; type: string; state: string }[]).map(
      (f) => `${f.type}:${f.fullName}`
    );
    expect(files).to.include.members([
      'ApexClass:Greeter',
      'CustomObject:Widget__c',
      'CustomMetadata:Config.Main',
      'PermissionSet:WidgetUser'
    ]);
    expect(org.store.schema.field('Widget__c', 'Size__c')?.restrictedPicklist).to.equal(true);
    const restDeploy = await sf.run(['project', 'deploy', 'start', '-o', 'lo', '--json'], {
      cwd: join(fixtures, 'project'),
      env: { SF_ORG_METADATA_REST_DEPLOY: 'true' }
    });
    expect(restDeploy.code, restDeploy.stdout + restDeploy.stderr).to.equal(0);
    const id = String(restDeploy.json?.result?.id);
    const viaRest = await fetch(`${org.instanceUrl}/services/data/v65.0/metadata/deployRequest/${id}`, {
      headers: { Authorization: `Bearer ${org.accessToken}` }
    });
    expect(
      ((await viaRest.json()) as { deployOptions?: unknown }).deployOptions,
      'stored by the REST deployRequest handler'
    ).to.not.equal(undefined);
  });

  it('fails sf project deploy start of a broken class with its file and line', async () => {
    const r = await sf.run(['project', 'deploy', 'start', '-o', 'lo', '--json'], { cwd: join(fixtures, 'bad') });
    expect(r.code).to.not.equal(0);
    const failures = (
      r.json?.result?.files as {
        state: string;
        fullName: string;
        filePath: string;
        lineNumber: number;
        columnNumber: number;
        error: string;
      }[]
    ).filter((f) => f.state === 'Failed');
    expect(failures[0]).to.deep.include({ fullName: 'Broken', lineNumber: 4, columnNumber: 5 });
    expect(failures[0].filePath).to.match(/classes\/Broken\.cls$/);
  });

  it('deploys the project force-app (temp copy, replacement variables set)', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'local-org-project-'));
    try {
      for (const p of ['sfdx-project.json', '.forceignore', 'force-app'])
        cpSync(join(root, p), join(dir, p), { recursive: true });
      const r = await sf.run(['project', 'deploy', 'start', '-o', 'lo', '--json'], {
        cwd: dir,
        env: {
          DATED_RATES_MY_DOMAIN_URL: org.instanceUrl,
          DATED_RATES_CONSUMER_KEY: 'local-key',
          DATED_RATES_CONSUMER_SECRET: 'local-secret',
          DATED_RATES_CONTACT_EMAIL: 'admin@example.invalid'
        }
      });
      expect(r.code, r.stdout.slice(0, 4000) + r.stderr).to.equal(0);
      expect(r.json?.result?.status).to.equal('Succeeded');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs sf apex run: compile errors reported, valid code executed with its USER_DEBUG lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-org-apex-'));
    try {
      writeFileSync(join(dir, 'bad.apex'), 'Integer i = ;\n');
      writeFileSync(join(dir, 'ok.apex'), "System.debug('hi');\n");
      const bad = await sf.run(['apex', 'run', '-o', 'lo', '-f', join(dir, 'bad.apex'), '--json']);
      expect(bad.code).to.not.equal(0);
      expect(bad.json?.name).to.equal('executeCompileFailure');
      expect(bad.json?.data).to.deep.include({ compiled: false, success: false, line: '1' });
      const ok = await sf.run(['apex', 'run', '-o', 'lo', '-f', join(dir, 'ok.apex'), '--json']);
      expect(ok.code, ok.stdout + ok.stderr).to.equal(0);
      const result = ok.json?.result as { compiled?: boolean; success?: boolean; logs?: string } | undefined;
      expect([result?.compiled, result?.success]).to.deep.equal([true, true]);
      expect(result?.logs).to.match(/\|USER_DEBUG\|\[1\]\|DEBUG\|hi/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers the org with --login so that sf -o <alias> works', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const child: ChildProcess = spawn(
      resolve(root, 'node_modules/.bin/tsx'),
      ['scripts/local-org.ts', '--port', '0', '--login', 'lologin'],
      { cwd: root, env: sf.env(), stdio: ['ignore', 'pipe', 'pipe'] }
    );
    try {
      const out = await new Promise<string>((res, rej) => {
        let text = '';
        const timer = setTimeout(() => rej(new Error(`no login line: ${text}`)), 60_000);
        child.stdout!.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('Press Ctrl-C')) {
            clearTimeout(timer);
            res(text);
          }
        });
        child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
        child.on('exit', () => rej(new Error(`server exited: ${text}`)));
      });
      expect(out).to.match(/Registered with the sf CLI as 'lologin'/);
      const q = await sf.run(['data', 'query', '-o', 'lologin', '-q', 'SELECT Name FROM Organization', '--json']);
      expect(q.code, q.stdout + q.stderr).to.equal(0);
      expect((q.json?.result?.records as Record<string, unknown>[])[0].Name).to.equal('Local Org');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
