import { expect } from 'chai';
import type { SinonStub } from 'sinon';
import { ComponentSet, ComponentSetBuilder } from '@salesforce/source-deploy-retrieve';
import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import {
  FakeOrg,
  TestContext,
  apiError,
  debugLine,
  fakeClock,
  makeProject,
  run,
  type Records,
  type Request
} from './fakeOrg.js';

const AUTH_URL = 'https://example.my.salesforce.com/services/auth/xds/DatedRatesOrgApi?startURL=x';

type OrgState = {
  currencies: Records;
  acm: boolean;
  multiCurrency: boolean;
  rates: Records;
  classes: Records;
  assignments: Records;
  calloutStatuses: number[];
  authUrlFails: boolean;
  createFails?: Error;
  /** ExternalClientAppSettings.enableConsumerSecretApiAccess as readMetadata answers it. */
  secretAccess: string;
};

describe('toolchain setup', () => {
  const $$ = new TestContext();
  let fake: FakeOrg;
  let state: OrgState;
  let deploy: SinonStub;
  let dir: string;

  function wire(): void {
    fake.handlers = {
      query: (soql) => {
        if (soql.includes('FROM UserPermissionAccess'))
          return [{ PermissionsApiEnabled: true, PermissionsAuthorApex: true }];
        if (soql.includes('FROM CurrencyType')) {
          if (!state.multiCurrency) throw apiError('INVALID_TYPE', "sObject type 'CurrencyType' is not supported.");
          return state.currencies;
        }
        if (soql.includes('FROM DatedConversionRate')) return state.rates;
        if (soql.includes('FROM ApexClass')) return state.classes;
        if (soql.includes('FROM User '))
          return [{ Id: '005000000000001', Username: fake.org.username, TimeZoneSidKey: 'UTC' }];
        if (soql.includes('FROM PermissionSet ')) {
          expect(soql).to.include("Name = 'DatedRatesAdmin'");
          return [{ Id: '0PS000000000001' }];
        }
        if (soql.includes('FROM PermissionSetAssignment')) return state.assignments;
        throw new Error(`unexpected ${soql}`);
      },
      apex: (code) => {
        expect(code).to.include("req.setEndpoint('callout:DatedRatesOrgApi/services/data/v65.0');");
        const status = state.calloutStatuses.length > 1 ? state.calloutStatuses.shift()! : state.calloutStatuses[0];
        const outcome = status
          ? { status, body: '[]' }
          : { status: 0, error: 'System.CalloutException: Unable to fetch the access token' };
        return { logs: debugLine(`DATED_RATES_CALLOUT=${JSON.stringify(outcome)}`) };
      },
      other: (request: Request) => {
        if (request.url.endsWith('/sobjects/DatedConversionRate/describe')) {
          if (!state.multiCurrency) throw apiError('NOT_FOUND', 'The requested resource does not exist');
          return { name: 'DatedConversionRate', createable: state.acm, fields: [] };
        }
        if (request.url.endsWith('/named-credentials/credential/auth-url/o-auth')) {
          expect(request.method).to.equal('POST');
          expect(JSON.parse(request.body ?? '{}')).to.deep.include({
            externalCredential: 'DatedRatesOrgApi',
            principalName: 'DatedRatesNamedPrincipal',
            principalType: 'NamedPrincipal'
          });
          if (state.authUrlFails) throw apiError('NOT_FOUND', 'no such resource');
          return { authenticationUrl: AUTH_URL };
        }
        if (request.method === 'POST' && request.url.endsWith('/sobjects/PermissionSetAssignment')) {
          if (state.createFails) throw state.createFails;
          expect(JSON.parse(request.body ?? '{}')).to.deep.equal({
            AssigneeId: '005000000000001',
            PermissionSetId: '0PS000000000001'
          });
          state.assignments = [{ Id: '0Pa000000000001' }];
          return { id: '0Pa000000000001', success: true, errors: [] };
        }
        return undefined;
      }
    };
  }

  beforeEach(async () => {
    fake = new FakeOrg($$);
    await fake.init();
    dir = makeProject();
    state = {
      multiCurrency: true,
      acm: true,
      currencies: [
        { IsoCode: 'EUR', IsCorporate: false },
        { IsoCode: 'USD', IsCorporate: true }
      ],
      rates: [{ Id: '04w000000000001' }],
      classes: [{ Name: 'CreateDatedConversionRate' }, { Name: 'DatedRateScheduler' }],
      assignments: [],
      calloutStatuses: [401, 401, 200],
      authUrlFails: false,
      secretAccess: 'true'
    };
    wire();
    $$.SANDBOX.stub(MetadataApi.prototype, 'read').callsFake((async (type: string, fullName: string) => {
      expect([type, fullName]).to.deep.equal(['ExternalClientAppSettings', 'ExternalClientApp']);
      return { fullName, enableConsumerSecretApiAccess: state.secretAccess };
    }) as never);
    deploy = $$.SANDBOX.stub().callsFake(async () => ({
      id: '0Af000000000009',
      onUpdate: () => undefined,
      pollStatus: async () => ({
        response: {
          id: '0Af000000000009',
          status: 'Succeeded',
          success: true,
          numberComponentsDeployed: 3,
          numberComponentsTotal: 3,
          details: {}
        },
        getFileResponses: () => []
      })
    }));
    // real (empty) component sets whose deploy is faked: the Metadata API never runs
    $$.SANDBOX.stub(ComponentSet.prototype, 'deploy').callsFake((options) => deploy(options) as never);
    $$.SANDBOX.stub(ComponentSetBuilder, 'build').callsFake(async () => new ComponentSet([]));
  });

  it('checks, deploys, assigns the permission set, prints the URL and waits for the callout to return 200', async () => {
    const clock = fakeClock();
    const ran = await run('setup', [], { projectDir: dir, clock });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(ran.stdout).to.include('PASS  API access for the running user: API Enabled and Author Apex');
    expect(ran.stdout).to.include('PASS  Multi-currency enabled');
    expect(ran.stdout).to.include('PASS  Advanced Currency Management enabled: DatedConversionRate is createable');
    expect(ran.stdout).to.include(
      'PASS  Corporate currency and another active currency: corporate USD; other active: EUR'
    );
    expect(ran.stdout).to.include('PASS  Dated rates to roll forward');
    expect(deploy.calledOnce).to.equal(true);
    expect(ran.stdout).to.include('Permission set DatedRatesAdmin: assigned to');
    expect(ran.stdout).to.include(`  ${AUTH_URL}`);
    expect(ran.stdout).to.include('Named principal DatedRatesNamedPrincipal: authenticated (test callout HTTP 200).');
    expect(fake.apexCalls).to.have.length(3);
    expect(clock.slept).to.deep.equal([5000, 5000]);
    expect(ran.stdout).to.include('Setup finished.');
  });

  it('changes nothing on a configured org and says so', async () => {
    await run('setup', [], { projectDir: dir });
    fake.requests.length = 0;
    deploy.resetHistory();
    state.calloutStatuses = [200];
    const again = await run('setup', ['--json'], { projectDir: dir });
    expect(again.exitCode, again.stdout).to.equal(0);
    const result = again.json().result as {
      changed: boolean;
      deploy: { skipped: boolean };
      permissionSet: { changed: boolean };
      principal: { alreadyAuthenticated: boolean };
    };
    expect(result.changed).to.equal(false);
    expect(result.deploy.skipped).to.equal(true);
    expect(result.permissionSet.changed).to.equal(false);
    expect(result.principal.alreadyAuthenticated).to.equal(true);
    expect(deploy.called).to.equal(false);
    expect(fake.requests.filter((r) => r.method === 'POST' && !r.url.includes('/Soap/'))).to.have.length(0);
    const human = await run('setup', [], { projectDir: dir });
    expect(human.stdout).to.include('Deploy: skipped, force-app is unchanged since deploy 0Af000000000009');
    expect(human.stdout).to.include('The org is already set up: nothing changed.');
  });

  it('deploys again when force-app changed or the classes are gone', async () => {
    await run('setup', [], { projectDir: dir });
    state.classes = [];
    await run('setup', [], { projectDir: dir });
    expect(deploy.callCount).to.equal(2);
  });

  it('stops with PreflightError when multi-currency is off, skipping what depends on it', async () => {
    state.multiCurrency = false;
    const ran = await run('setup', [], { projectDir: dir });
    expect(ran.exitCode).to.equal(1);
    expect(ran.stdout).to.include('FAIL  Multi-currency enabled: CurrencyType is not available: multi-currency is off');
    expect(ran.stdout).to.include('      fix: Setup > Company Information > Currency Setup');
    expect(ran.stdout).to.include('SKIP  Advanced Currency Management enabled');
    expect(ran.stderr).to.include('Error (PreflightError): Preflight failed: Multi-currency enabled.');
    expect(deploy.called).to.equal(false);
  });

  it('enables multi-currency only when confirmed with the org username, then checks again', async () => {
    state.multiCurrency = false;
    state.acm = false;
    const hint = await run('setup', ['--json'], { projectDir: dir });
    expect(hint.exitCode).to.equal(1);
    expect((hint.json() as { actions: string[] }).actions[1]).to.include(
      `--enable-multi-currency ${fake.org.username}`
    );
    const wrong = await run('setup', ['--enable-multi-currency', 'someone@else.com'], { projectDir: dir });
    expect(wrong.exitCode).to.equal(2);
    expect(wrong.stderr).to.include(`must be given the target org's username (${fake.org.username})`);
    expect(deploy.called).to.equal(false);
    let sourcePaths: string[] = [];
    (ComponentSetBuilder.build as unknown as SinonStub).callsFake(async (options: { sourcepath: string[] }) => {
      sourcePaths = options.sourcepath;
      if (sourcePaths.some((p) => p.endsWith('org-settings'))) {
        state.multiCurrency = true;
        state.acm = true;
      }
      return new ComponentSet([]);
    });
    const ran = await run('setup', ['--enable-multi-currency', fake.org.username, '--json'], { projectDir: dir });
    expect(ran.exitCode, ran.stdout).to.equal(0);
    const result = ran.json().result as {
      currencySettings: { deployId: string } | null;
      checks: Array<{ status: string }>;
    };
    expect(result.currencySettings).to.deep.equal({ deployId: '0Af000000000009' });
    expect(result.checks.every((c) => c.status === 'pass')).to.equal(true);
    expect((deploy.firstCall.args[0] as { apiOptions: { testLevel: string } }).apiOptions.testLevel).to.equal(
      'NoTestRun'
    );
    expect(sourcePaths.some((p) => p.endsWith('force-app'))).to.equal(true);
    expect(deploy.callCount).to.equal(2);
  });

  it('fails when ACM is off and when only the corporate currency is active', async () => {
    state.acm = false;
    state.currencies = [{ IsoCode: 'USD', IsCorporate: true }];
    const ran = await run('setup', ['--json'], { projectDir: dir });
    expect(ran.exitCode).to.equal(1);
    const json = ran.json() as { message: string; data: { checks: Array<{ id: string; status: string }> } };
    expect(json.message).to.equal(
      'Preflight failed: Advanced Currency Management enabled; Corporate currency and another active currency.'
    );
    expect(json.data.checks.map((c) => `${c.id}:${c.status}`)).to.deep.equal([
      'api:pass',
      'multicurrency:pass',
      'acm:fail',
      'currencies:fail',
      'rates:skip',
      'client-app-secrets:pass'
    ]);
  });

  it('reports the consumer-secret setting of external client apps: a warning with the fix when it is off', async () => {
    state.secretAccess = 'false';
    const ran = await run('setup', [], { projectDir: dir, clock: fakeClock() });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(ran.stdout).to.include(
      'WARN  External client app consumer secrets via Metadata API: off (ExternalClientAppSettings.enableConsumerSecretApiAccess false)'
    );
    expect(ran.stdout).to.include('View External Client Apps Consumer Secrets in Metadata');
  });

  it('fails the API check when the user lacks Author Apex', async () => {
    const query = fake.handlers.query!;
    fake.handlers.query = (soql) =>
      soql.includes('FROM UserPermissionAccess')
        ? [{ PermissionsApiEnabled: true, PermissionsAuthorApex: false }]
        : query(soql);
    const ran = await run('setup', [], { projectDir: dir });
    expect(ran.exitCode).to.equal(1);
    expect(ran.stdout).to.include('FAIL  API access for the running user: API enabled, but "Author Apex" is off');
    expect(ran.stdout).to.include('      fix: Run setup as a System Administrator, or assign "Author Apex".');
  });

  function phasedProject(): string {
    return makeProject({
      replacements: [
        {
          filename: 'force-app/main/default/authproviders/DatedRatesOrg.authprovider-meta.xml',
          stringToReplace: '__K__',
          replaceWithEnv: 'DATED_RATES_CONSUMER_KEY'
        }
      ]
    });
  }

  it('deploys the external client app first, reads the key and secret back and deploys the rest', async () => {
    const phased = phasedProject();
    deploy.resetHistory();
    const answer = {
      id: '0Af000000000009',
      onUpdate: () => undefined,
      pollStatus: async () => ({
        response: { id: '0Af000000000009', status: 'Succeeded', success: true, details: {} },
        getFileResponses: () => []
      })
    };
    deploy.callsFake(async () => {
      // the org generates the consumer when phase 1 deploys the app
      fake.clientCredentials = { consumerKey: '3MVG9generated', consumerSecret: 'S3CRET' };
      return answer;
    });
    const env: Record<string, string | undefined> = {};
    const ran = await run('setup', ['--json'], { projectDir: phased, env });
    expect(ran.exitCode, ran.stdout).to.equal(0);
    const result = ran.json().result as { clientApp: { credentials: string; phase1DeployId: string } };
    expect(result.clientApp).to.deep.equal({ credentials: 'org', phase1DeployId: '0Af000000000009' });
    expect(deploy.callCount).to.equal(2);
    expect((deploy.firstCall.args[0] as { apiOptions: { testLevel: string } }).apiOptions.testLevel).to.equal(
      'NoTestRun'
    );
    expect((deploy.secondCall.args[0] as { apiOptions: { testLevel: string } }).apiOptions.testLevel).to.equal(
      'RunSpecifiedTests'
    );
    expect(env.DATED_RATES_CONSUMER_KEY).to.equal('3MVG9generated');
    expect(ran.stdout).not.to.include('S3CRET');
  });

  it('stops after phase 1 with both ways forward when the org does not return the secret', async () => {
    deploy.resetHistory();
    const ran = await run('setup', ['--json'], { projectDir: phasedProject(), env: {} });
    expect(ran.exitCode).to.equal(5);
    const json = ran.json() as { name: string; message: string; actions: string[] };
    expect(json.message).to.equal(
      'The external client app is deployed (deploy 0Af000000000009), but the org did not return its consumer key and secret through the Metadata API.'
    );
    expect(json.actions[0]).to.include('Allow access to External Client App consumer secrets via Metadata API');
    expect(json.actions[0]).to.include('View External Client Apps Consumer Secrets in Metadata');
    expect(json.actions[1]).to.include('DATED_RATES_CONSUMER_KEY');
    expect(deploy.callCount).to.equal(1);
    expect(fake.credentialRetrieves).to.equal(2);
    expect(fake.soql.some((q) => q.includes('FROM PermissionSet'))).to.equal(false);
  });

  it('warns, but goes on, when there is no dated rate to roll forward', async () => {
    state.rates = [];
    const ran = await run('setup', [], { projectDir: dir });
    expect(ran.exitCode).to.equal(0);
    expect(ran.stdout).to.include(
      'WARN  Dated rates to roll forward: no dated rates yet: the first run will have nothing to copy'
    );
  });

  it('with --skip-auth prints the URL, warns and does not wait', async () => {
    const clock = fakeClock();
    const ran = await run('setup', ['--skip-auth', '--json'], { projectDir: dir, clock });
    expect(ran.exitCode).to.equal(0);
    const json = ran.json() as { result: { principal: { authenticated: boolean; url: string } }; warnings: string[] };
    expect(json.result.principal).to.deep.include({ authenticated: false, url: AUTH_URL });
    expect(json.warnings[0]).to.include('--skip-auth');
    expect(clock.slept).to.deep.equal([]);
  });

  it('times out with the URL in the actions when nobody authenticates', async () => {
    state.calloutStatuses = [0];
    const ran = await run('setup', ['--auth-timeout', '12', '--json'], { projectDir: dir });
    expect(ran.exitCode).to.equal(1);
    const json = ran.json() as { name: string; message: string; actions: string[] };
    expect(json.name).to.equal('TimeoutError');
    expect(json.message).to.equal(
      'Timed out after 12 s waiting for the named principal DatedRatesNamedPrincipal to be authenticated.'
    );
    expect(json.actions[0]).to.include(AUTH_URL);
    expect(json.actions[1]).to.include('Unable to fetch the access token');
  });

  it('falls back to the Named Credentials Setup page with instructions', async () => {
    state.authUrlFails = true;
    const ran = await run('setup', ['--skip-auth'], { projectDir: dir });
    expect(ran.exitCode).to.equal(0);
    expect(ran.stdout).to.include(`  ${fake.org.instanceUrl.replace(/\/+$/, '')}/lightning/setup/NamedCredential/home`);
    expect(ran.stdout).to.include(
      'External Credentials > DatedRatesOrgApi > Principals > DatedRatesNamedPrincipal > Actions > Authenticate'
    );
  });

  it('gives PermissionError (exit 4) when the user may not assign the permission set', async () => {
    state.createFails = apiError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on cross-reference id');
    const ran = await run('setup', ['--json'], { projectDir: dir });
    expect(ran.exitCode).to.equal(4);
    expect(ran.json()).to.include({
      name: 'PermissionError',
      message: 'Missing permission: the user cannot assign the permission set DatedRatesAdmin.'
    });
  });

  for (const [flags, message] of [
    [['--duration-days', '31'], '--duration-days must be between 1 and 30, got 31.'],
    [['--auth-timeout', 'soon'], '--auth-timeout must be a whole number'],
    [['--wait', '-1'], '--wait']
  ] as const) {
    it(`rejects ${flags.join(' ')} with exit 2`, async () => {
      const ran = await run('setup', [...flags, '--json'], { projectDir: dir });
      expect(ran.exitCode).to.equal(2);
      expect(ran.json().message).to.include(message);
      expect(fake.requests).to.have.length(0);
    });
  }

  it('--scratch needs a Dev Hub', async () => {
    const ran = await run('setup', ['--scratch', '--definition-file', 'sfdx-project.json', '--json'], {
      projectDir: dir
    });
    expect(ran.exitCode).to.equal(5);
    expect(ran.json()).to.include({
      name: 'ConfigurationError',
      message: 'No Dev Hub: pass --dev-hub or set a default.'
    });
  });

  it('--scratch reports a missing definition file', async () => {
    const ran = await run('setup', ['--scratch', '--definition-file', 'nope.json', '--json'], { projectDir: dir });
    expect(ran.exitCode).to.equal(5);
    expect(ran.json().message).to.match(/^Scratch org definition not found: .*nope\.json\.$/);
  });

  it('--scratch with an unknown Dev Hub says which', async () => {
    const ran = await run(
      'setup',
      ['--scratch', '--dev-hub', 'ghost-hub', '--definition-file', 'sfdx-project.json', '--json'],
      {
        projectDir: dir
      }
    );
    expect(ran.exitCode).to.equal(3);
    expect(ran.json().message).to.equal('No authorized org found for "ghost-hub".');
  });
});
