/**
 * Issue 15 "done when": a sample project written for the tests (test/fixtures/local-org/sample) — an
 * Account trigger handler, a SOSL search, an @future callout, Test.loadData from a CSV static
 * resource and a platform event with its subscriber trigger — deploys to the local org with `sf project deploy start` and its Apex tests pass through
 * `sf apex run test`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { IsolatedSf } from './sf-cli.js';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/local-org/sample');
const TEST_CLASSES = [
  'AccountEnricher_Tests',
  'AccountSearch_Tests',
  'AccountTriggerHandler_Tests',
  'OrderShippedHandler_Tests'
];

describe('the issue 15 sample project through the real sf CLI', function () {
  this.timeout(240_000);
  let org: LocalOrg;
  let sf: IsolatedSf;
  let project: string;
  before(async () => {
    org = await startLocalOrg();
    sf = new IsolatedSf();
    project = mkdtempSync(join(tmpdir(), 'sample-'));
    cpSync(SAMPLE, project, { recursive: true });
    const login = await sf.login(org.instanceUrl, org.accessToken);
    expect(login.code, login.stdout + login.stderr).to.equal(0);
  });
  after(async () => {
    await org.stop();
    sf.dispose();
    rmSync(project, { recursive: true, force: true });
  });

  it('deploys, and its Apex tests pass with sf apex run test', async () => {
    const deployed = await sf.run(['project', 'deploy', 'start', '-o', 'lo', '--json'], { cwd: project });
    expect(deployed.code, deployed.stdout + deployed.stderr).to.equal(0);
    const files = (deployed.json?.result?.files as { fullName: string; type: string }[]).map(
      (f) => `${f.type}:${f.fullName}`
    );
    expect(files).to.include.members([
      'ApexClass:AccountSearch',
      'ApexClass:AccountEnricher',
      'ApexTrigger:AccountTrigger',
      'StaticResource:SampleAccounts',
      'CustomObject:Order_Shipped__e',
      'ApexTrigger:OrderShippedTrigger'
    ]);
    const started = await sf.run(
      ['apex', 'run', 'test', '-o', 'lo', ...TEST_CLASSES.flatMap((c) => ['--class-names', c]), '--json'],
      { cwd: project }
    );
    const runId = (started.json?.result as { testRunId?: string } | undefined)?.testRunId;
    expect(runId, started.stdout + started.stderr).to.match(/^707/);
    const got = await sf.run(['apex', 'get', 'test', '-o', 'lo', '-i', runId!, '--code-coverage', '--json'], {
      cwd: project
    });
    const result = got.json?.result as {
      summary: { outcome: string; testsRan: number; failing: number };
      tests: { FullName: string; Outcome: string; Message: string | null }[];
    };
    expect(
      result.tests.map((t) => `${t.FullName}:${t.Outcome}${t.Message ? ` ${t.Message}` : ''}`).sort()
    ).to.deep.equal([
      'AccountEnricher_Tests.enrichesAfterStopTest:Pass',
      'AccountSearch_Tests.findsNothingUnlessFixed:Pass',
      'AccountSearch_Tests.findsTheFixedResults:Pass',
      'AccountTriggerHandler_Tests.fillsBlankDescriptions:Pass',
      'AccountTriggerHandler_Tests.triggerFillsTheDescriptionOnInsert:Pass',
      'AccountTriggerHandler_Tests.triggerRefusesClearingTheDescription:Pass',
      'OrderShippedHandler_Tests.deliversAtStopTest:Pass',
      'OrderShippedHandler_Tests.deliversOnDemand:Pass',
      'OrderShippedHandler_Tests.refusesAnEventWithoutItsRequiredField:Pass'
    ]);
    expect(result.summary).to.deep.include({ outcome: 'Passed', testsRan: 9, failing: 0 });
    // The trigger is measured like the classes: every line of it ran.
    const coverage = (got.json?.result as { coverage?: { coverage?: { name: string; coveredPercent: number }[] } })
      .coverage?.coverage;
    expect(coverage?.find((c) => c.name === 'AccountTrigger')).to.deep.include({ coveredPercent: 100 });
    expect(coverage?.find((c) => c.name === 'OrderShippedTrigger')).to.deep.include({ coveredPercent: 100 });
  });
});
