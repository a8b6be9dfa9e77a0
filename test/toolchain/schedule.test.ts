import { expect } from 'chai';
import { FakeOrg, TestContext, apiError, debugLine, run, type Records } from './fakeOrg.js';

const JOB_NAME = 'Dated Rates Daily Roll-Forward';

describe('toolchain schedule, unschedule, status', () => {
  const $$ = new TestContext();
  let fake: FakeOrg;
  let cron: Records;

  beforeEach(async () => {
    fake = new FakeOrg($$);
    await fake.init();
    cron = [];
    fake.handlers = {
      query: (soql) => {
        if (soql.includes('FROM CronTrigger')) {
          expect(soql).to.include(`CronJobDetail.Name = '${JOB_NAME}'`);
          return cron;
        }
        throw new Error(`unexpected ${soql}`);
      },
      apex: (code) => {
        const scheduled = /scheduleDaily\('([^']*)'\)/.exec(code);
        if (scheduled) {
          cron = [
            {
              Id: '08e1',
              CronExpression: scheduled[1],
              State: 'WAITING',
              NextFireTime: '2026-11-29T01:00:00.000+0000',
              PreviousFireTime: null
            }
          ];
        } else if (code.includes('DatedRateScheduler.unschedule()')) {
          cron = [];
        }
        return { logs: debugLine('ok') };
      }
    };
  });

  describe('schedule', () => {
    it('schedules the default cron and prints the next fire time', async () => {
      const ran = await run('schedule', []);
      expect(ran.exitCode, ran.stderr).to.equal(0);
      expect(fake.apexCalls).to.deep.equal(["DatedRateScheduler.scheduleDaily('0 0 1 * * ?');"]);
      expect(ran.stdout).to.include(`Scheduled "${JOB_NAME}" with "0 0 1 * * ?". Next run 2026-11-29T01:00:00Z.`);
    });

    it('is idempotent: the same cron again changes nothing', async () => {
      await run('schedule', []);
      const again = await run('schedule', ['--json']);
      expect(again.exitCode).to.equal(0);
      expect(fake.apexCalls).to.have.length(1);
      expect((again.json().result as { changed: boolean }).changed).to.equal(false);
    });

    it('replaces an existing schedule with a new cron', async () => {
      await run('schedule', []);
      const ran = await run('schedule', ['--cron', '0 30 2 * * ?']);
      expect(ran.exitCode).to.equal(0);
      expect(fake.apexCalls[1]).to.equal("DatedRateScheduler.scheduleDaily('0 30 2 * * ?');");
      expect(ran.stdout).to.include('Replaced "0 0 1 * * ?" with "0 30 2 * * ?".');
    });

    for (const bad of ['0 0 1 * *', '0 0 25 * * ?', '0 0 1 * * MON']) {
      it(`rejects --cron "${bad}" client-side with exit 2`, async () => {
        const ran = await run('schedule', ['--cron', bad, '--json']);
        expect(ran.exitCode).to.equal(2);
        expect(ran.json().name).to.equal('UsageError');
        expect(fake.requests).to.have.length(0);
      });
    }

    it('fails when the Apex ran but nothing is scheduled', async () => {
      fake.handlers.apex = () => ({ logs: '' });
      const ran = await run('schedule', ['--json']);
      expect(ran.exitCode).to.equal(1);
      expect(ran.json().message).to.equal(`Scheduling ran but no job named "${JOB_NAME}" is scheduled.`);
    });
  });

  describe('unschedule', () => {
    it('removes the schedule', async () => {
      cron = [
        { Id: '08e1', CronExpression: '0 0 1 * * ?', State: 'WAITING', NextFireTime: null, PreviousFireTime: null }
      ];
      const ran = await run('unschedule', []);
      expect(ran.exitCode).to.equal(0);
      expect(fake.apexCalls).to.deep.equal(['DatedRateScheduler.unschedule();']);
      expect(ran.stdout).to.include(`Removed the schedule "${JOB_NAME}".`);
    });

    it('does nothing when nothing is scheduled', async () => {
      const ran = await run('unschedule', ['--json']);
      expect(ran.exitCode).to.equal(0);
      expect(fake.apexCalls).to.have.length(0);
      expect(ran.json().result).to.deep.equal({ changed: false });
    });
  });

  describe('status', () => {
    it('shows the schedule, the last job and the last run', async () => {
      cron = [
        {
          Id: '08e1',
          CronExpression: '0 0 1 * * ?',
          State: 'WAITING',
          NextFireTime: '2026-11-29T01:00:00.000+0000',
          PreviousFireTime: '2026-11-28T01:00:00.000+0000'
        }
      ];
      fake.handlers.query = (soql) => {
        if (soql.includes('FROM CronTrigger')) return cron;
        if (soql.includes('FROM AsyncApexJob')) {
          expect(soql).to.include("ApexClass.Name = 'CreateDatedConversionRate'");
          return [
            {
              Id: '7071',
              Status: 'Completed',
              JobItemsProcessed: 1,
              TotalJobItems: 1,
              NumberOfErrors: 0,
              ExtendedStatus: null,
              CreatedDate: '2026-11-28T01:00:00.000+0000'
            }
          ];
        }
        if (soql.includes('FROM DatedRateRun__c')) {
          expect(soql).to.include('ORDER BY CreatedDate DESC LIMIT 1');
          return [
            {
              Name: 'RUN-000007',
              TargetDate__c: '2026-11-28',
              Status__c: 'Succeeded',
              CreatedCount__c: 2,
              Message__c: 'done'
            }
          ];
        }
        throw new Error(soql);
      };
      const ran = await run('status', []);
      expect(ran.exitCode).to.equal(0);
      expect(ran.stdout).to.include(
        'Schedule: "0 0 1 * * ?" (WAITING), next run 2026-11-29T01:00:00Z, previous 2026-11-28T01:00:00Z'
      );
      expect(ran.stdout).to.include('Last job: 7071: Completed, 1/1 batches, 0 errors, created 2026-11-28T01:00:00Z');
      expect(ran.stdout).to.include('Run RUN-000007 for 2026-11-28: Succeeded');
    });

    it('says deploy first when DatedRateRun__c is not in the org', async () => {
      fake.handlers.query = (soql) => {
        if (soql.includes('FROM DatedRateRun__c')) {
          throw apiError('INVALID_TYPE', "sObject type 'DatedRateRun__c' is not supported.");
        }
        return [];
      };
      const ran = await run('status', ['--json']);
      expect(ran.exitCode).to.equal(1);
      expect(ran.json()).to.include({ message: 'DatedRateRun__c is not in the org: the project is not deployed.' });
    });

    it('reports nothing scheduled and no runs under --json', async () => {
      fake.handlers.query = () => [];
      const ran = await run('status', ['--json']);
      expect(ran.exitCode).to.equal(0);
      const json = ran.json() as { result: Record<string, unknown> };
      expect(json).to.include({ status: 0 });
      expect(json.result).to.include({ schedule: null, lastJob: null, lastRun: null });
      // the fake org answers no readMetadata: the setting is reported as unreadable, not guessed
      expect(json.result.clientAppSecrets).to.include({ id: 'client-app-secrets', status: 'skip' });
    });
  });
});
