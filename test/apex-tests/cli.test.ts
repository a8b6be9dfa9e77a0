/** Conformance: `sf project deploy start` with tests and `sf apex run test` / `sf apex get test` against the local org. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { IsolatedSf } from '../local-org/sf-cli.js';

const META = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>
`;

const CLASSES: Record<string, string> = {
  Sign: `public with sharing class Sign {
  public static String of(Integer x) {
    if (x > 0) {
      return 'positive';
    }
    return 'not positive';
  }
}
`,
  Sign_Tests: `@IsTest
private class Sign_Tests {
  @IsTest
  static void positive() {
    Assert.areEqual('positive', Sign.of(1));
  }
  @IsTest
  static void wrong() {
    Assert.areEqual('zero', Sign.of(0), 'zero has its own word');
  }
}
`
};

function writeProject(dir: string, classes: Record<string, string>): void {
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '65.0' })
  );
  const cls = join(dir, 'force-app/main/default/classes');
  mkdirSync(cls, { recursive: true });
  for (const [name, body] of Object.entries(classes)) {
    writeFileSync(join(cls, `${name}.cls`), body);
    writeFileSync(join(cls, `${name}.cls-meta.xml`), META);
  }
}

interface CliTest {
  FullName: string;
  Outcome: string;
  Message: string | null;
  StackTrace: string | null;
}

describe('sf apex run test and deploys with tests against the local org (real sf)', function () {
  this.timeout(240_000);
  let org: LocalOrg;
  let sf: IsolatedSf;
  let dir: string;
  before(async () => {
    org = await startLocalOrg();
    sf = new IsolatedSf();
    dir = mkdtempSync(join(tmpdir(), 'apex-tests-cli-'));
    writeProject(dir, CLASSES);
    const login = await sf.login(org.instanceUrl, org.accessToken);
    expect(login.code, login.stdout + login.stderr).to.equal(0);
  });
  after(async () => {
    await org.stop();
    sf.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rolls back a deploy whose specified test fails and reports the failure', async () => {
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
        'Sign_Tests',
        '--json'
      ],
      { cwd: dir }
    );
    expect(r.code, r.stdout).to.not.equal(0);
    const details = (r.json?.result as { details?: { runTestResult?: Record<string, unknown> } } | undefined)?.details;
    const failures = [details?.runTestResult?.failures].flat() as { methodName: string; message: string }[];
    expect(failures.map((f) => `${f.methodName}: ${f.message}`)).to.deep.equal([
      'wrong: System.AssertException: Assertion Failed: zero has its own word: Expected: zero, Actual: not positive'
    ]);
    const classes = await sf.run([
      'data',
      'query',
      '-o',
      'lo',
      '--use-tooling-api',
      '-q',
      'SELECT Name FROM ApexClass',
      '--json'
    ]);
    expect(classes.json?.result?.records as unknown[]).to.deep.equal([]);
  });

  it('runs tests synchronously and asynchronously with sf apex run test, with coverage', async () => {
    const deployed = await sf.run(['project', 'deploy', 'start', '-o', 'lo', '--json'], { cwd: dir });
    expect(deployed.code, deployed.stdout + deployed.stderr).to.equal(0);

    const sync = await sf.run([
      'apex',
      'run',
      'test',
      '-o',
      'lo',
      '--synchronous',
      '--class-names',
      'Sign_Tests',
      '--code-coverage',
      '--result-format',
      'json'
    ]);
    expect(sync.code, sync.stdout + sync.stderr).to.not.equal(0);
    const syncResult = sync.json?.result as {
      summary: { outcome: string; testsRan: number; passing: number; failing: number };
      tests: CliTest[];
      coverage?: { coverage: { name: string; totalLines: number; totalCovered: number; coveredPercent: number }[] };
    };
    expect(syncResult.summary).to.deep.include({ outcome: 'Failed', testsRan: 2, passing: 1, failing: 1 });
    const wrong = syncResult.tests.find((t) => t.FullName === 'Sign_Tests.wrong');
    expect(wrong?.StackTrace).to.equal('Class.Sign_Tests.wrong: line 9, column 5');
    const sign = syncResult.coverage?.coverage.find((c) => c.name === 'Sign');
    expect(sign).to.deep.include({ totalLines: 3, totalCovered: 3, coveredPercent: 100 });

    const started = await sf.run(['apex', 'run', 'test', '-o', 'lo', '--tests', 'Sign_Tests.positive', '--json']);
    const runId = (started.json?.result as { testRunId?: string } | undefined)?.testRunId;
    expect(runId, started.stdout + started.stderr).to.match(/^707/);
    const got = await sf.run(['apex', 'get', 'test', '-o', 'lo', '-i', runId!, '--json']);
    expect(got.code, got.stdout + got.stderr).to.equal(0);
    const asyncResult = got.json?.result as { summary: { outcome: string; testsRan: number }; tests: CliTest[] };
    expect(asyncResult.summary).to.deep.include({ outcome: 'Passed', testsRan: 1 });
    expect(asyncResult.tests.map((t) => `${t.FullName}:${t.Outcome}`)).to.deep.equal(['Sign_Tests.positive:Pass']);
  });
});
