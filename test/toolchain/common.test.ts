import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { SPECS, type CommandName } from '../../src/toolchain/commands/specs.js';
import { StateAggregator } from '@salesforce/core';
import { FakeOrg, TestContext, apiError, run } from './fakeOrg.js';

const COMMANDS = Object.keys(SPECS) as CommandName[];
/** Flags a command needs before it connects (checked first, with exit 2). */
const REQUIRED: Partial<Record<CommandName, string[]>> = {
  backfill: ['--from', '2026-01-01', '--to', '2026-01-02'],
  prune: ['--from', '2026-01-01', '--to', '2026-01-02']
};
const required = (name: CommandName): string[] => REQUIRED[name] ?? [];
const usernames: string[] = [];

describe('toolchain commands: common behaviour', () => {
  const $$ = new TestContext();
  let fake: FakeOrg;

  beforeEach(async () => {
    fake = new FakeOrg($$);
    usernames.push(fake.org.username);
    // the Metadata API goes through jsforce's SOAP client, not Connection.request: stub SDR
    $$.SANDBOX.stub(ComponentSet.prototype, 'deploy').rejects(
      apiError('INVALID_SESSION_ID', 'Session expired or invalid')
    );
  });

  for (const name of COMMANDS) {
    describe(name, () => {
      it('--help prints the help and exits 0 without touching the org', async () => {
        await fake.init();
        const ran = await run(name, ['--help']);
        expect(ran.exitCode).to.equal(0);
        expect(ran.stdout).to.include(`npm run ${name} -- [flags]`);
        expect(ran.stdout).to.include('--target-org');
        expect(fake.requests).to.have.length(0);
      });

      it('an unknown flag gives exit 2 and a UsageError envelope under --json', async () => {
        await fake.init();
        const ran = await run(name, ['--json', '--no-such-flag']);
        expect(ran.exitCode).to.equal(2);
        const json = ran.json();
        expect(json.status).to.equal(2);
        expect(json.name).to.equal('UsageError');
        expect(json.message).to.include('--no-such-flag');
        expect(ran.stderr).to.equal('');
      });

      it('an unknown org gives exit 3 and says which org', async () => {
        await fake.init();
        const ran = await run(name, ['-o', 'nobody@example.com', '--json', ...required(name)]);
        expect(ran.exitCode, ran.stdout).to.equal(3);
        expect(ran.json()).to.include({
          name: 'UnknownOrgError',
          message: 'No authorized org found for "nobody@example.com".'
        });
      });

      it('no -o and no target-org config gives NoTargetOrgError', async () => {
        await fake.init({ defaultOrg: false });
        const ran = await run(name, required(name));
        expect(ran.exitCode, ran.stdout).to.equal(3);
        expect(ran.stderr).to.include('Error (NoTargetOrgError): No target org');
        expect(ran.stderr).to.include('sf config set target-org');
      });

      it('an expired session gives SessionExpiredError (exit 3)', async () => {
        await fake.init();
        fake.handlers = {
          query: () => {
            throw apiError('INVALID_SESSION_ID', 'Session expired or invalid');
          },
          apex: () => {
            throw apiError('INVALID_SESSION_ID', 'Session expired or invalid');
          },
          other: () => {
            throw apiError('INVALID_SESSION_ID', 'Session expired or invalid');
          }
        };
        const ran = await run(
          name,
          ['--json', '--skip-auth', ...required(name)].filter((f) => f !== '--skip-auth' || name === 'setup')
        );
        expect(ran.exitCode, ran.stdout).to.equal(3);
        expect(ran.json().name).to.equal('SessionExpiredError');
      });
    });
  }

  it('uses the target-org config when -o is absent (alias resolved like sf)', async () => {
    await fake.init();
    $$.stubAliases({ myalias: fake.org.username });
    // stubAliases writes the alias file; drop any StateAggregator that read it before (in-process
    // @salesforce/core use by earlier test files leaves one behind).
    StateAggregator.clearInstance();
    fake.handlers = { query: () => [], apex: () => ({}) };
    const viaAlias = await run('unschedule', ['-o', 'myalias', '--json']);
    expect(viaAlias.exitCode, viaAlias.stdout).to.equal(0);
    const viaConfig = await run('unschedule', ['--json']);
    expect(viaConfig.exitCode, viaConfig.stdout).to.equal(0);
    expect(fake.soql.filter((q) => q.includes('FROM CronTrigger'))).to.have.length(2);
  });

  after(() => {
    // TestContext stubs every config and auth file: no test org may reach the real ~/.sf or ~/.sfdx.
    for (const dir of [join(homedir(), '.sf'), join(homedir(), '.sfdx')]) {
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        expect(
          usernames.some((u) => file.includes(u)),
          `${dir}/${file}`
        ).to.equal(false);
        if (file.endsWith('.json')) {
          const text = readFileSync(join(dir, file), 'utf8');
          expect(
            usernames.some((u) => text.includes(u)),
            `${dir}/${file}`
          ).to.equal(false);
        }
      }
    }
  });
});
