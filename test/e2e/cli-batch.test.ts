/**
 * Acceptance: with the project deployed and the principal authenticated, `sf apex run` of
 * `Database.executeBatch(new CreateDatedConversionRate());` against the local org, then `sf data query`
 * of today's DatedConversionRate, shows the rolled-forward rates (the real sf CLI, isolated HOME).
 */
import '../isolated-home.js';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { runCommand } from '../../src/toolchain/cli.js';
import { IsolatedSf } from '../local-org/sf-cli.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe('sf apex run starts the project batch; sf data query shows the rolled-forward rates', function () {
  this.timeout(300_000);
  let org: LocalOrg;
  let sf: IsolatedSf;
  let dir: string;
  before(async () => {
    org = await startLocalOrg();
    dir = mkdtempSync(join(tmpdir(), 'dated-rates-cli-batch-'));
    for (const f of ['force-app', 'sfdx-project.json', '.forceignore'])
      cpSync(join(ROOT, f), join(dir, f), { recursive: true });
    await registerWithCli(org, 'lo');
    const out = new Sink();
    const setup = await runCommand('setup', ['-o', 'lo', '--test-level', 'NoTestRun', '--skip-auth', '--json'], {
      env: {
        ...process.env,
        DATED_RATES_CONSUMER_KEY: 'local-org-consumer-key',
        DATED_RATES_CONSUMER_SECRET: 'local-org-consumer-secret',
        DATED_RATES_CONTACT_EMAIL: 'admin@local-org.invalid'
      },
      projectDir: dir,
      stdout: out,
      stderr: new Sink()
    });
    expect(setup.exitCode, out.text).to.equal(0);
    const url = (setup.result as { principal: { url: string } }).principal.url;
    expect((await fetch(url)).status).to.equal(200);
    sf = new IsolatedSf();
    const login = await sf.run(
      ['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--no-prompt', '--alias', 'lo'],
      { env: { SF_ACCESS_TOKEN: org.accessToken } }
    );
    expect(login.code, login.stdout + login.stderr).to.equal(0);
  });
  after(async () => {
    await org?.stop();
    sf?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rolls every active currency forward onto today', async () => {
    const active = runSoql(org.store, 'SELECT IsoCode FROM CurrencyType WHERE IsActive = true AND IsCorporate = false')
      .records.map((r) => String(r.IsoCode))
      .sort();
    const before = runSoql(org.store, 'SELECT IsoCode FROM DatedConversionRate WHERE StartDate = TODAY').records.length;
    expect(before).to.be.lessThan(active.length);
    const file = join(dir, 'run.apex');
    writeFileSync(file, 'Database.executeBatch(new CreateDatedConversionRate());\n');
    const run = await sf.run(['apex', 'run', '-o', 'lo', '--file', file]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    await org.apex!.whenIdle();
    const q = await sf.run([
      'data',
      'query',
      '-o',
      'lo',
      '-q',
      'SELECT IsoCode, ConversionRate, StartDate FROM DatedConversionRate WHERE StartDate = TODAY',
      '--json'
    ]);
    expect(q.code, q.stdout + q.stderr).to.equal(0);
    const rows = q.json?.result?.records as { IsoCode: string; StartDate: string }[];
    expect(rows.map((r) => r.IsoCode).sort()).to.deep.equal([...active].sort());
    const summary = runSoql(org.store, 'SELECT Status__c, CreatedCount__c, CalloutCount__c FROM DatedRateRun__c')
      .records[0];
    expect(summary).to.include({ Status__c: 'Succeeded', CreatedCount__c: active.length - before, CalloutCount__c: 1 });
  });
});
