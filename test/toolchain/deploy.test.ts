import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { SinonStub } from 'sinon';
import { Lifecycle } from '@salesforce/core';
import { ComponentSet, ComponentSetBuilder, ComponentStatus } from '@salesforce/source-deploy-retrieve';
import { FakeOrg, TestContext, makeProject, run } from './fakeOrg.js';

const REPLACEMENTS = [
  {
    glob: 'force-app/main/default/namedCredentials/*-meta.xml',
    stringToReplace: '__DATED_RATES_MY_DOMAIN_URL__',
    replaceWithEnv: 'DATED_RATES_MY_DOMAIN_URL',
    allowUnsetEnvVariable: false
  },
  {
    filename: 'a.xml',
    stringToReplace: '__K__',
    replaceWithEnv: 'DATED_RATES_CONSUMER_KEY',
    allowUnsetEnvVariable: false
  },
  {
    filename: 'a.xml',
    stringToReplace: '__S__',
    replaceWithEnv: 'DATED_RATES_CONSUMER_SECRET',
    allowUnsetEnvVariable: false
  },
  { filename: 'a.xml', stringToReplace: '__O__', replaceWithEnv: 'OPTIONAL_THING', allowUnsetEnvVariable: true }
];
const ENV = { DATED_RATES_CONSUMER_KEY: 'key', DATED_RATES_CONSUMER_SECRET: 'secret' };

type Status = Record<string, unknown>;

function deployResult(response: Record<string, unknown>, fileResponses: unknown[] = []) {
  return { response, getFileResponses: () => fileResponses };
}

const SUCCESS = {
  id: '0Af000000000001',
  status: 'Succeeded',
  success: true,
  numberComponentsDeployed: 5,
  numberComponentsTotal: 5,
  details: {
    runTestResult: {
      numTestsRun: '4',
      numFailures: '0',
      codeCoverage: [
        { name: 'DatedRateScheduler', numLocations: '20', numLocationsNotCovered: '2' },
        { name: 'CreateDatedConversionRate', numLocations: '50', numLocationsNotCovered: '5' }
      ]
    }
  }
};

describe('toolchain deploy', () => {
  const $$ = new TestContext();
  let fake: FakeOrg;
  let build: SinonStub;
  let deploy: SinonStub;
  let result: ReturnType<typeof deployResult> | Error;
  let updates: Status[];
  let seenEnv: string | undefined;
  const saved = { ...process.env };

  beforeEach(async () => {
    fake = new FakeOrg($$);
    await fake.init();
    result = deployResult(SUCCESS);
    updates = [
      {
        status: 'InProgress',
        numberComponentsDeployed: 2,
        numberComponentsTotal: 5,
        numberTestsCompleted: 1,
        numberTestsTotal: 4
      }
    ];
    deploy = $$.SANDBOX.stub().callsFake(async () => {
      const subscribers: Array<(s: Status) => void> = [];
      return {
        id: '0Af000000000001',
        onUpdate: (cb: (s: Status) => void) => subscribers.push(cb),
        pollStatus: async () => {
          for (const u of updates) subscribers.forEach((cb) => cb(u));
          if (result instanceof Error) throw result;
          return result;
        }
      };
    });
    build = $$.SANDBOX.stub(ComponentSetBuilder, 'build').callsFake(async () => {
      seenEnv = process.env.DATED_RATES_MY_DOMAIN_URL;
      return { size: 5, deploy } as unknown as ComponentSet;
    });
  });

  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('deploys the package directories with RunSpecifiedTests over every *_Tests class', async () => {
    const dir = makeProject({ replacements: REPLACEMENTS });
    const ran = await run('deploy', [], { projectDir: dir, env: { ...ENV } });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(build.firstCall.args[0]).to.deep.equal({
      sourcepath: [join(dir, 'force-app')],
      projectDir: dir,
      sourceapiversion: '65.0'
    });
    const options = deploy.firstCall.args[0] as { usernameOrConnection: { instanceUrl: string }; apiOptions: unknown };
    expect(options.usernameOrConnection.instanceUrl).to.equal(fake.org.instanceUrl);
    expect(options.apiOptions).to.deep.equal({
      testLevel: 'RunSpecifiedTests',
      runTests: ['CreateDatedConversionRate_Tests', 'DatedRateScheduler_Tests'],
      rollbackOnError: true
    });
    expect(seenEnv).to.equal(fake.org.instanceUrl.replace(/\/+$/, ''));
    expect(ran.stdout).to.include(
      'Deploy 0Af000000000001: Succeeded (5/5 components, RunSpecifiedTests 2 test classes)'
    );
    expect(ran.stdout).to.match(/CreateDatedConversionRate\s+45\/50\s+90\.0/);
    expect(ran.stdout).to.match(/DatedRateScheduler\s+18\/20\s+90\.0/);
  });

  it('records the deploy in .sf/dated-rates-deploy.json for this org', async () => {
    const dir = makeProject({ replacements: REPLACEMENTS });
    await run('deploy', [], { projectDir: dir, env: { ...ENV } });
    const cache = JSON.parse(readFileSync(join(dir, '.sf', 'dated-rates-deploy.json'), 'utf8')) as Record<
      string,
      { deployId: string }
    >;
    expect(cache[fake.org.orgId].deployId).to.equal('0Af000000000001');
  });

  it('fails with ConfigurationError (exit 5) naming every missing variable, before building', async () => {
    const dir = makeProject({ replacements: REPLACEMENTS });
    const ran = await run('deploy', ['--json'], { projectDir: dir, env: { DATED_RATES_CONSUMER_KEY: 'key' } });
    expect(ran.exitCode).to.equal(5);
    expect(ran.json()).to.include({
      name: 'ConfigurationError',
      message:
        'Missing environment variable DATED_RATES_CONSUMER_SECRET (needed by the replacements in sfdx-project.json).'
    });
    expect(build.called).to.equal(false);
  });

  it('reads the client credentials from .env', async () => {
    const dir = makeProject({ replacements: REPLACEMENTS });
    writeFileSync(
      join(dir, '.env'),
      '# local secrets\nDATED_RATES_CONSUMER_KEY=abc\nexport DATED_RATES_CONSUMER_SECRET="s3cr#t"\n'
    );
    const ran = await run('deploy', [], { projectDir: dir, env: {} });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(process.env.DATED_RATES_CONSUMER_SECRET).to.equal('s3cr#t');
  });

  it('prints component failures as file:line:column problem and exits 1', async () => {
    const dir = makeProject();
    const file = join(dir, 'force-app/main/default/classes/CreateDatedConversionRate.cls');
    result = deployResult(
      { ...SUCCESS, status: 'Failed', success: false, numberComponentsDeployed: 4, numberComponentErrors: 1 },
      [
        {
          state: ComponentStatus.Failed,
          type: 'ApexClass',
          fullName: 'CreateDatedConversionRate',
          filePath: file,
          lineNumber: 12,
          columnNumber: 5,
          error: "Unexpected token 'x'.",
          problemType: 'Error'
        },
        { state: ComponentStatus.Created, type: 'ApexClass', fullName: 'Other', filePath: file }
      ]
    );
    const ran = await run('deploy', [], { projectDir: dir });
    expect(ran.exitCode).to.equal(1);
    expect(ran.stdout).to.include(
      "force-app/main/default/classes/CreateDatedConversionRate.cls:12:5 Unexpected token 'x'."
    );
    expect(ran.stderr).to.include('Error (DeployFailedError): Deploy failed: 1 component failure(s).');
    expect(existsSync(join(dir, '.sf', 'dated-rates-deploy.json'))).to.equal(false);
  });

  it('prints test failures in a table and puts the report in the JSON error', async () => {
    const dir = makeProject();
    result = deployResult({
      ...SUCCESS,
      status: 'Failed',
      success: false,
      details: {
        runTestResult: {
          numTestsRun: '2',
          numFailures: '1',
          failures: {
            name: 'CreateDatedConversionRate_Tests',
            methodName: 'rollsForward',
            message: 'Assert failed',
            stackTrace: 'Class.X: line 9'
          },
          codeCoverageWarnings: {
            id: '1',
            message: 'Average test coverage across all Apex Classes and Triggers is 60%',
            namespace: ''
          }
        }
      }
    });
    const ran = await run('deploy', ['--json'], { projectDir: dir });
    expect(ran.exitCode).to.equal(1);
    const json = ran.json() as { message: string; data: { testFailures: unknown[]; coverageWarnings: string[] } };
    expect(json.message).to.equal('Deploy failed: 1 test failure(s), 1 coverage warning(s).');
    expect(json.data.testFailures).to.deep.equal([
      {
        className: 'CreateDatedConversionRate_Tests',
        method: 'rollsForward',
        message: 'Assert failed',
        stackTrace: 'Class.X: line 9'
      }
    ]);
    const human = await run('deploy', [], { projectDir: dir });
    expect(human.stdout).to.match(/CreateDatedConversionRate_Tests\.rollsForward\s+Assert failed\s+Class\.X: line 9/);
  });

  it('shows deploy progress on a TTY only', async () => {
    const dir = makeProject();
    const tty = await run('deploy', [], { projectDir: dir, tty: true });
    expect(tty.stdout).to.include('2/5 components InProgress, tests 1/4');
    const json = await run('deploy', ['--json'], { projectDir: dir, tty: true });
    expect(json.stdout).not.to.include('components InProgress');
  });

  it('turns a polling timeout into TimeoutError', async () => {
    result = new Error('The client has timed out.');
    const ran = await run('deploy', ['--wait', '2', '--json'], { projectDir: makeProject() });
    expect(ran.exitCode).to.equal(1);
    expect(ran.json()).to.include({
      name: 'TimeoutError',
      message: 'Timed out after 120 s waiting for deploy 0Af000000000001.'
    });
  });

  it('passes warnings SDR emits through the Lifecycle on to the JSON warnings', async () => {
    build.callsFake(async () => {
      await Lifecycle.getInstance().emitWarning('Your sfdx-project.json specifies that __X__ should be replaced');
      return { size: 5, deploy } as unknown as ComponentSet;
    });
    const ran = await run('deploy', ['--json'], { projectDir: makeProject() });
    expect(ran.json().warnings).to.deep.equal(['Your sfdx-project.json specifies that __X__ should be replaced']);
    expect(Lifecycle.getInstance().getListeners('warning')).to.have.length(0);
  });

  it('honours --test-level RunLocalTests and NoTestRun', async () => {
    const dir = makeProject();
    await run('deploy', ['--test-level', 'RunLocalTests'], { projectDir: dir });
    expect((deploy.firstCall.args[0] as { apiOptions: unknown }).apiOptions).to.deep.equal({
      testLevel: 'RunLocalTests',
      rollbackOnError: true
    });
    const ran = await run('deploy', ['--test-level', 'NoTestRun'], { projectDir: dir });
    expect((deploy.secondCall.args[0] as { apiOptions: unknown }).apiOptions).to.deep.equal({
      testLevel: 'NoTestRun',
      rollbackOnError: true
    });
    expect(ran.stdout).to.include('(5/5 components, NoTestRun)');
  });

  it('rejects an unknown --test-level with exit 2', async () => {
    const ran = await run('deploy', ['--test-level', 'RunAllTests', '--json'], { projectDir: makeProject() });
    expect(ran.exitCode).to.equal(2);
    expect(ran.json().message).to.equal(
      '--test-level must be one of RunSpecifiedTests, RunLocalTests, NoTestRun, got "RunAllTests".'
    );
    expect(build.called).to.equal(false);
  });

  it('deploys with NoTestRun and a warning when the project has no test classes', async () => {
    const ran = await run('deploy', ['--json'], { projectDir: makeProject({ classes: ['Lonely'] }) });
    expect(ran.exitCode).to.equal(0);
    expect((deploy.firstCall.args[0] as { apiOptions: { testLevel: string } }).apiOptions.testLevel).to.equal(
      'NoTestRun'
    );
    expect((ran.json().warnings as string[])[0]).to.include('No *_Tests classes found');
  });

  it('builds a real component set from the project with source-deploy-retrieve', async () => {
    build.restore();
    let size = 0;
    $$.SANDBOX.stub(ComponentSet.prototype, 'deploy').callsFake(async function (this: ComponentSet) {
      size = this.size;
      return (await deploy()) as never;
    });
    const ran = await run('deploy', [], { projectDir: makeProject() });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(size).to.equal(3);
  });

  describe('first deploy in two phases', () => {
    const AUTH = 'force-app/main/default/authproviders/DatedRatesOrg.authprovider-meta.xml';
    const PHASED = [
      {
        glob: 'force-app/main/default/authproviders/*-meta.xml',
        stringToReplace: '__DATED_RATES_MY_DOMAIN_URL__',
        replaceWithEnv: 'DATED_RATES_MY_DOMAIN_URL'
      },
      { filename: AUTH, stringToReplace: '__DATED_RATES_CONSUMER_KEY__', replaceWithEnv: 'DATED_RATES_CONSUMER_KEY' },
      {
        filename: AUTH,
        stringToReplace: '__DATED_RATES_CONSUMER_SECRET__',
        replaceWithEnv: 'DATED_RATES_CONSUMER_SECRET'
      }
    ];

    function phasedProject(): string {
      const dir = makeProject({ replacements: PHASED });
      const base = join(dir, 'force-app', 'main', 'default');
      mkdirSync(join(base, 'authproviders'), { recursive: true });
      mkdirSync(join(base, 'permissionsets'), { recursive: true });
      mkdirSync(join(base, 'externalClientApps'), { recursive: true });
      writeFileSync(
        join(base, 'externalClientApps', 'DatedRatesOrgClient.eca-meta.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">\n  <contactEmail>a@example.com</contactEmail>\n  <distributionState>Local</distributionState>\n  <label>Dated Rates Org Client</label>\n</ExternalClientApplication>\n'
      );
      writeFileSync(
        join(dir, AUTH),
        '<?xml version="1.0" encoding="UTF-8"?>\n<AuthProvider xmlns="http://soap.sforce.com/2006/04/metadata">\n  <consumerKey>__DATED_RATES_CONSUMER_KEY__</consumerKey>\n  <consumerSecret>__DATED_RATES_CONSUMER_SECRET__</consumerSecret>\n  <friendlyName>Dated Rates Org</friendlyName>\n  <providerType>Salesforce</providerType>\n</AuthProvider>\n'
      );
      writeFileSync(
        join(base, 'permissionsets', 'DatedRatesAdmin.permissionset-meta.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">\n  <label>Dated Rates Admin</label>\n</PermissionSet>\n'
      );
      return dir;
    }

    it('--client-app-only leaves out the auth provider and permission set and runs no tests', async () => {
      build.restore();
      let types: string[] = [];
      $$.SANDBOX.stub(ComponentSet.prototype, 'deploy').callsFake(async function (
        this: ComponentSet,
        options: unknown
      ) {
        types = this.toArray().map((c) => c.type.name);
        return (await deploy(options)) as never;
      });
      const dir = phasedProject();
      const ran = await run('deploy', ['--client-app-only'], { projectDir: dir, env: {} });
      expect(ran.exitCode, ran.stderr).to.equal(0);
      expect(types).to.deep.equal(['ExternalClientApplication']);
      expect((deploy.firstCall.args[0] as { apiOptions: { testLevel: string } }).apiOptions.testLevel).to.equal(
        'NoTestRun'
      );
      expect(ran.stdout).to.include('First phase: only the external client app (ExternalClientApplication,');
      expect(existsSync(join(dir, '.sf', 'dated-rates-deploy.json'))).to.equal(false);
    });

    it('production: the first phase carries no Apex and sends no test level; NoTestRun is refused for the full deploy', async () => {
      fake.organization = { IsSandbox: false, OrganizationType: 'Enterprise Edition', TrialExpirationDate: null };
      build.restore();
      let types: string[] = [];
      $$.SANDBOX.stub(ComponentSet.prototype, 'deploy').callsFake(async function (
        this: ComponentSet,
        options: unknown
      ) {
        types = this.toArray().map((c) => c.type.name);
        return (await deploy(options)) as never;
      });
      const dir = phasedProject();
      const first = await run('deploy', ['--client-app-only'], { projectDir: dir, env: {} });
      expect(first.exitCode, first.stderr).to.equal(0);
      expect(first.stdout).to.include('is a production org');
      expect(types).to.deep.equal(['ExternalClientApplication']);
      const options = (deploy.firstCall.args[0] as { apiOptions: Record<string, unknown> }).apiOptions;
      expect(options).to.deep.equal({ rollbackOnError: true });
      const refused = await run('deploy', ['--test-level', 'NoTestRun', '--json'], { projectDir: dir, env: ENV });
      expect(refused.exitCode).to.equal(2);
      expect((refused.json() as { message: string }).message).to.include('refuses --test-level NoTestRun');
      expect(deploy.callCount).to.equal(1);
    });

    it('a full deploy without the consumer key says how to do the first deploy', async () => {
      const ran = await run('deploy', ['--json'], { projectDir: phasedProject(), env: {} });
      expect(ran.exitCode).to.equal(5);
      const json = ran.json() as { message: string; actions: string[] };
      expect(json.message).to.include('DATED_RATES_CONSUMER_KEY, DATED_RATES_CONSUMER_SECRET');
      expect(json.actions[0]).to.include('npm run deploy -- -o <org> --client-app-only');
    });
  });
});
