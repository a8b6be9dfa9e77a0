import { expect } from 'chai';
import { ComponentSetBuilder, type ComponentSet } from '@salesforce/source-deploy-retrieve';
import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import { FakeOrg, TestContext, makeProject, run, type Records } from './fakeOrg.js';

const ENV = { DATED_RATES_CONSUMER_KEY: 'key', DATED_RATES_CONSUMER_SECRET: 'secret' };

describe('toolchain: the scheduled job around a deploy', () => {
  const $$ = new TestContext();
  let fake: FakeOrg;
  let scheduled: Records;
  let events: string[];
  let deployFails: boolean;

  beforeEach(async () => {
    fake = new FakeOrg($$);
    await fake.init();
    events = [];
    deployFails = false;
    scheduled = [{ Id: '08e000000000001', CronExpression: '0 30 2 * * ?', State: 'WAITING', NextFireTime: null }];
    fake.handlers = {
      query: (soql) => {
        if (soql.includes('FROM CronTrigger')) return scheduled;
        throw new Error(`unexpected ${soql}`);
      },
      apex: (code) => {
        if (code.includes('DatedRateScheduler.unschedule()')) {
          events.push('unschedule');
          scheduled = [];
        } else if (code.includes('DatedRateScheduler.scheduleDaily(')) {
          const cron = /scheduleDaily\('([^']*)'\)/.exec(code)?.[1] ?? '';
          events.push(`schedule ${cron}`);
          scheduled = [{ Id: '08e000000000002', CronExpression: cron, State: 'WAITING', NextFireTime: null }];
        }
        return { logs: '' };
      }
    };
    const deploy = $$.SANDBOX.stub().callsFake(async () => {
      // the org's rule: a pending scheduled job of the class blocks the deploy
      events.push(scheduled.length ? 'deploy while scheduled' : 'deploy');
      return {
        id: '0Af000000000001',
        onUpdate: () => undefined,
        pollStatus: async () => ({
          response: {
            id: '0Af000000000001',
            status: deployFails ? 'Failed' : 'Succeeded',
            success: !deployFails,
            details: {}
          },
          getFileResponses: () => []
        })
      };
    });
    $$.SANDBOX.stub(ComponentSetBuilder, 'build').callsFake(
      async () => ({ size: 5, deploy }) as unknown as ComponentSet
    );
  });

  it('pauses the scheduled job for the deploy and schedules it again with the same cron expression', async () => {
    const ran = await run('deploy', [], { projectDir: makeProject(), env: { ...ENV } });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(events).to.deep.equal(['unschedule', 'deploy', 'schedule 0 30 2 * * ?']);
    expect(ran.stdout).to.include('Pausing the scheduled job "Dated Rates Daily Roll-Forward" ("0 30 2 * * ?")');
    expect(ran.stdout).to.include('Scheduled "Dated Rates Daily Roll-Forward" again with "0 30 2 * * ?".');
  });

  it('restores the schedule when the deploy fails', async () => {
    deployFails = true;
    const ran = await run('deploy', [], { projectDir: makeProject(), env: { ...ENV } });
    expect(ran.exitCode).to.equal(1);
    expect(events).to.deep.equal(['unschedule', 'deploy', 'schedule 0 30 2 * * ?']);
    expect(ran.stdout).to.include('(the deploy did not succeed)');
  });

  it('leaves the job alone when the deployment setting lets deploys through with jobs pending', async () => {
    $$.SANDBOX.stub(MetadataApi.prototype, 'read').callsFake((async () => ({
      fullName: 'Deployment',
      doesSkipAsyncApexValidation: 'true'
    })) as never);
    const ran = await run('deploy', [], { projectDir: makeProject(), env: { ...ENV } });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(events).to.deep.equal(['deploy while scheduled']);
    expect(ran.stdout).to.include('allows deploys with Apex jobs pending (doesSkipAsyncApexValidation)');
  });

  it('does nothing around the deploy when no job is scheduled', async () => {
    scheduled = [];
    const ran = await run('deploy', [], { projectDir: makeProject(), env: { ...ENV } });
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(events).to.deep.equal(['deploy']);
  });
});
