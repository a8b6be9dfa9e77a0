/**
 * README.md "Deploy to a real org", followed literally against the local org: step 1 (copy
 * .env.example to .env, fill in the contact email), the plain-`sf` block of step 3 exactly as written
 * (only `<alias>` replaced), the principal's Authenticate (the same OAuth flow, started from the
 * Connect REST resource the Setup button uses), then step 4's first line with `sf apex run`.
 */
import '../isolated-home.js';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { getMetadata } from '../../src/local-org/metadata/registry.js';
import { IsolatedSf, runProcess } from '../local-org/sf-cli.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ALIAS = 'readme-org';

/** The README section and its fenced blocks of one language. */
export function readmeBlocks(language: string): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Deploy to a real org');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  const blocks: string[] = [];
  const re = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n\\s*```', 'g');
  for (let m = re.exec(section); m; m = re.exec(section)) blocks.push(m[1].replace(/^ {3}/gm, ''));
  return blocks;
}

describe("README's real-org section, followed literally against the local org started as a production org", function () {
  this.timeout(600_000);
  let org: LocalOrg;
  let sf: IsolatedSf;
  let dir: string;
  before(async () => {
    org = await startLocalOrg({ orgType: 'production' });
    dir = mkdtempSync(join(tmpdir(), 'dated-rates-readme-'));
    for (const f of ['force-app', 'org-settings', 'sfdx-project.json', '.forceignore', '.env.example'])
      cpSync(join(ROOT, f), join(dir, f), { recursive: true });
    await registerWithCli(org, ALIAS);
    sf = new IsolatedSf();
    const login = await sf.run(
      ['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--no-prompt', '--alias', ALIAS],
      { env: { SF_ACCESS_TOKEN: org.accessToken } }
    );
    expect(login.code, login.stdout + login.stderr).to.equal(0);
  });
  after(async () => {
    await org?.stop();
    sf?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys in two phases with the key and secret read back, then the batch rolls the rates forward', async () => {
    // step 1: copy .env.example to .env and fill in DATED_RATES_CONTACT_EMAIL
    const example = readFileSync(join(dir, '.env.example'), 'utf8');
    expect(example).to.match(/^DATED_RATES_CONTACT_EMAIL=$/m);
    writeFileSync(
      join(dir, '.env'),
      example.replace(/^DATED_RATES_CONTACT_EMAIL=$/m, 'DATED_RATES_CONTACT_EMAIL=admin@local-org.invalid')
    );
    // step 3: the sf block, literally
    const [shell] = readmeBlocks('sh');
    expect(shell).to.include('sf project retrieve start');
    const script = shell.replaceAll('<alias>', ALIAS);
    // asynchronously: the local org answers from this process
    const ran = await runProcess('bash', ['-e', '-o', 'pipefail', '-c', script], sf.env(), dir, 480_000);
    expect(ran.code, `${ran.stdout}\n${ran.stderr}`).to.equal(0);
    const organization = runSoql(org.store, 'SELECT IsSandbox, OrganizationType FROM Organization')
      .records[0] as Record<string, unknown>;
    expect(organization.IsSandbox).to.equal(false);
    expect(String(organization.OrganizationType)).not.to.match(/Developer/);
    // the auth provider carries the key and secret the org generated, and no copy was left on disk
    const generated = getMetadata(org.store, 'ExtlClntAppGlobalOauthSettings', 'DatedRatesOrgClient_glbloauth')
      ?.content as Record<string, unknown>;
    const provider = getMetadata(org.store, 'AuthProvider', 'DatedRatesOrg')?.content as Record<string, unknown>;
    expect(String(provider.consumerKey)).to.equal(String(generated.consumerKey));
    expect(String(provider.consumerSecret)).to.equal(String(generated.consumerSecret));
    expect(
      spawnSync('find', ['.', '-name', '*.ecaGlblOauth', '-path', '*.sf*'], { cwd: dir, encoding: 'utf8' }).stdout
    ).to.equal('');
    // Authenticate: the OAuth flow the principal's Authenticate action starts
    const auth = (await (
      await fetch(`${org.instanceUrl}/services/data/v65.0/named-credentials/credential/auth-url/o-auth`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          externalCredential: 'DatedRatesOrgApi',
          principalName: 'DatedRatesNamedPrincipal',
          principalType: 'NamedPrincipal'
        })
      })
    ).json()) as { authenticationUrl: string };
    const page = await fetch(auth.authenticationUrl);
    expect(await page.text()).to.include('is authenticated');
    // step 4: the first line of the anonymous Apex block
    const [apex] = readmeBlocks('apex');
    const firstLine = apex.split('\n')[0];
    expect(firstLine).to.equal('Database.executeBatch(new CreateDatedConversionRate());');
    writeFileSync(join(dir, 'run.apex'), firstLine + '\n');
    const started = await sf.run(['apex', 'run', '-o', ALIAS, '--file', 'run.apex', '--json'], { cwd: dir });
    expect(started.code, started.stdout + started.stderr).to.equal(0);
    await org.apex!.whenIdle();
    const runs = runSoql(org.store, 'SELECT Status__c, CreatedCount__c FROM DatedRateRun__c').records as Array<
      Record<string, unknown>
    >;
    expect(runs.map((r) => r.Status__c)).to.deep.equal(['Succeeded']);
    expect(Number(runs[0].CreatedCount__c)).to.be.greaterThan(0);
  });
});
