import { expect } from 'chai';
import { FakeOrg, TestContext, debugLine, fakeClock, run, type Records } from './fakeOrg.js';

const JOB_ID = '7075g00000AbCdEAAZ';

function runRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Id: 'a005g000001',
    Name: 'RUN-000042',
    JobId__c: JOB_ID,
    TargetDate__c: '2026-11-28',
    Status__c: 'Succeeded',
    CreatedCount__c: 3,
    UpdatedCount__c: 0,
    SkippedCount__c: 1,
    FailedCount__c: 0,
    CalloutCount__c: 2,
    Message__c: '3 created, 1 skipped.',
    Failures__c: null,
    StartedAt__c: '2026-11-28T12:00:01.000+0000',
    FinishedAt__c: '2026-11-28T12:00:09.000+0000',
    ...overrides
  };
}

describe('toolchain run', () => {
  const $$ = new TestContext();
  let fake: FakeOrg;
  let jobStates: Array<Record<string, unknown>>;
  let run_: Records;

  beforeEach(async () => {
    fake = new FakeOrg($$);
    await fake.init();
    jobStates = [
      {
        Id: JOB_ID,
        Status: 'Processing',
        JobItemsProcessed: 0,
        TotalJobItems: 2,
        NumberOfErrors: 0,
        ExtendedStatus: null
      },
      {
        Id: JOB_ID,
        Status: 'Processing',
        JobItemsProcessed: 1,
        TotalJobItems: 2,
        NumberOfErrors: 0,
        ExtendedStatus: null
      },
      {
        Id: JOB_ID,
        Status: 'Completed',
        JobItemsProcessed: 2,
        TotalJobItems: 2,
        NumberOfErrors: 0,
        ExtendedStatus: null
      }
    ];
    run_ = [runRecord()];
    fake.handlers = {
      apex: () => ({ logs: ['Execute Anonymous: ...', debugLine(`DATED_RATES_JOB_ID=${JOB_ID}`)].join('\n') }),
      query: (soql) => {
        if (soql.includes('FROM AsyncApexJob')) return [jobStates.length > 1 ? jobStates.shift()! : jobStates[0]];
        if (soql.includes('FROM DatedRateRun__c')) return run_;
        throw new Error(`unexpected ${soql}`);
      }
    };
  });

  it('starts the batch with the date and batch size, polls the job and prints the run summary', async () => {
    const ran = await run('run', ['--date', '2026-11-28', '--batch-size', '50']);
    expect(ran.exitCode, ran.stderr).to.equal(0);
    expect(fake.apexCalls).to.have.length(1);
    expect(fake.apexCalls[0]).to.include("Date targetDate = Date.valueOf('2026-11-28');");
    expect(fake.apexCalls[0]).to.include('Integer batchSize = 50;');
    expect(fake.apexCalls[0]).to.include('CreateDatedConversionRate.run(targetDate, batchSize)');
    expect(fake.soql.filter((q) => q.includes('FROM AsyncApexJob'))).to.have.length(3);
    expect(ran.stdout).to.include(`Started batch job ${JOB_ID} for 2026-11-28 (scope 50).`);
    expect(ran.stdout).to.include(`Job ${JOB_ID}: Completed, 2/2 batches, 0 errors`);
    expect(ran.stdout).to.include('Run RUN-000042 for 2026-11-28: Succeeded');
    expect(ran.stdout).to.include('created 3, updated 0, skipped 1, failed 0, callouts 2');
    const runQuery = fake.soql.find((q) => q.includes('FROM DatedRateRun__c'));
    expect(runQuery).to.include(`JobId__c IN ('${JOB_ID}', '${JOB_ID.slice(0, 15)}')`);
  });

  it('passes nulls for the defaults when --date and --batch-size are absent', async () => {
    const ran = await run('run', []);
    expect(ran.exitCode).to.equal(0);
    expect(fake.apexCalls[0]).to.include('Date targetDate = null;');
    expect(fake.apexCalls[0]).to.include('Integer batchSize = null;');
  });

  it('prints one JSON object with the job and run under --json', async () => {
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(0);
    const json = ran.json() as {
      status: number;
      result: { jobId: string; job: { Status: string }; run: { Status__c: string } };
    };
    expect(json.status).to.equal(0);
    expect(json.result.jobId).to.equal(JOB_ID);
    expect(json.result.job.Status).to.equal('Completed');
    expect(json.result.run.Status__c).to.equal('Succeeded');
  });

  it('draws a progress bar on a TTY, none when CI is set', async () => {
    const tty = await run('run', [], { tty: true });
    expect(tty.stdout).to.match(/\[#+\.*\] 1\/2 batch Processing/);
    jobStates = [{ Id: JOB_ID, Status: 'Completed', JobItemsProcessed: 2, TotalJobItems: 2, NumberOfErrors: 0 }];
    const ci = await run('run', [], { tty: true, env: { CI: 'true' } });
    expect(ci.stdout).not.to.include('[#');
  });

  for (const [flags, message] of [
    [['--date', '2026-02-30'], '--date "2026-02-30" is not a real calendar date.'],
    [['--date', '28/11/2026'], '--date must be a date written YYYY-MM-DD'],
    [['--batch-size', '0'], '--batch-size must be between 1 and 2000, got 0.'],
    [['--batch-size', 'ten'], '--batch-size must be a whole number'],
    [['--wait', '0'], '--wait must be between 1 and 1440']
  ] as const) {
    it(`rejects ${flags.join(' ')} before touching the org`, async () => {
      const ran = await run('run', [...flags, '--json']);
      expect(ran.exitCode).to.equal(2);
      expect(ran.json().message).to.include(message);
      expect(fake.requests).to.have.length(0);
    });
  }

  it('fails when the job ends Failed, with ExtendedStatus in the message', async () => {
    jobStates = [
      {
        Id: JOB_ID,
        Status: 'Failed',
        JobItemsProcessed: 1,
        TotalJobItems: 2,
        NumberOfErrors: 1,
        ExtendedStatus: 'First error: boom'
      }
    ];
    run_ = [];
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(1);
    expect(ran.json()).to.include({
      name: 'JobFailedError',
      message: `The batch job ${JOB_ID} ended Failed: First error: boom.`
    });
  });

  it('fails on a Partial run and prints the failures table', async () => {
    run_ = [
      runRecord({
        Status__c: 'Partial',
        FailedCount__c: 1,
        Failures__c: JSON.stringify([{ isoCode: 'JPY', errorCode: 'DUPLICATE_VALUE', message: 'already exists' }])
      })
    ];
    const ran = await run('run', []);
    expect(ran.exitCode).to.equal(1);
    expect(ran.stdout).to.match(/JPY\s+DUPLICATE_VALUE\s+already exists/);
    expect(ran.stderr).to.include('Error (JobFailedError): The run RUN-000042 ended Partial: 1 failed.');
  });

  it('fails when the job completed without a run record', async () => {
    run_ = [];
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(1);
    expect(ran.json().message).to.equal(`The batch job ${JOB_ID} completed but recorded no DatedRateRun__c.`);
  });

  it('says deploy first when the anonymous Apex does not compile', async () => {
    fake.handlers.apex = () => ({
      compiled: false,
      success: false,
      line: 3,
      column: 14,
      compileProblem: 'Variable does not exist: CreateDatedConversionRate'
    });
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(1);
    const json = ran.json() as { name: string; message: string; actions: string[] };
    expect(json.name).to.equal('ApexExecutionError');
    expect(json.message).to.equal(
      'Starting the batch failed: anonymous Apex did not compile (line 3, column 14): Variable does not exist: CreateDatedConversionRate'
    );
    expect(json.actions[0]).to.include('deploy');
  });

  it('reports an exception thrown by the Apex (e.g. batch size out of range)', async () => {
    fake.handlers.apex = () => ({
      compiled: true,
      success: false,
      exceptionMessage: 'DatedRateException: Batch size 5000 is out of range'
    });
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(1);
    expect(ran.json().message).to.include('Batch size 5000 is out of range');
  });

  it('reports a SOAP fault by its faultstring', async () => {
    fake.handlers.apex = () => {
      throw new Error(
        '<?xml version="1.0"?><soapenv:Envelope><soapenv:Body><soapenv:Fault><faultcode>sf:UNKNOWN_EXCEPTION</faultcode>' +
          '<faultstring>UNKNOWN_EXCEPTION: this SOAP API is not supported</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>'
      );
    };
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(1);
    expect(ran.json().message).to.equal('UNKNOWN_EXCEPTION: this SOAP API is not supported');
  });

  it('fails clearly when the log has no job id', async () => {
    fake.handlers.apex = () => ({ logs: 'nothing useful' });
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(1);
    expect(ran.json().message).to.include('no job id in the debug log');
  });

  it('times out when the job does not finish within --wait, polling at 0.25, 0.5, 1 s and then every 2 s', async () => {
    jobStates = [{ Id: JOB_ID, Status: 'Processing', JobItemsProcessed: 0, TotalJobItems: 2, NumberOfErrors: 0 }];
    const clock = fakeClock();
    const ran = await run('run', ['--wait', '1', '--json'], { clock });
    expect(ran.exitCode).to.equal(1);
    expect(ran.json()).to.include({
      name: 'TimeoutError',
      message: `Timed out after 60 s waiting for batch job ${JOB_ID}.`
    });
    // polls at 0, 0.25, 0.75, 1.75 s, then every 2 s from 3.75 s to 61.75 s (30 more): 34 in all
    expect(clock.slept.slice(0, 5)).to.deep.equal([250, 500, 1000, 2000, 2000]);
    expect(clock.slept.every((ms, i) => i < 3 || ms === 2000)).to.equal(true);
    expect(fake.soql.filter((q) => q.includes('FROM AsyncApexJob')).length).to.equal(34);
  });

  it('maps a missing permission when querying the job', async () => {
    fake.handlers.query = () => {
      const e = new Error("INSUFFICIENT_ACCESS: sObject type 'AsyncApexJob' is not supported") as Error & {
        errorCode: string;
      };
      e.errorCode = 'INSUFFICIENT_ACCESS';
      throw e;
    };
    const ran = await run('run', ['--json']);
    expect(ran.exitCode).to.equal(4);
    expect(ran.json().name).to.equal('PermissionError');
  });
});
