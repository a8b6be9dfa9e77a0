/**
 * npm run demo:original — the failure this project fixes, reproduced on the embedded local org: the same
 * pipeline as `npm start` (toolchain setup, the principal authenticated), then the original batch
 * (test/fixtures/original-batch: one REST callout per currency with 'OAuth ' + UserInfo.getSessionId())
 * deployed through the Metadata API and started with anonymous Apex. It fails with INVALID_SESSION_ID,
 * because the session id is null in batch Apex; with more than 100 currencies in one chunk it hits
 * "Too many callouts: 101" first. Exit 0 when both failures are reproduced.
 */
import { join } from 'node:path';
import {
  APEX_PARSE_CACHE_DIR,
  isolateHome,
  localReplacementEnv,
  openAuthenticationUrl,
  PROJECT_DIR
} from './lib/embedded.js';

isolateHome(undefined);
const { AuthInfo, Connection } = await import('@salesforce/core');
const { ISO_4217_CODES, registerWithCli, startLocalOrg } = await import('../src/local-org/index.js');
const { deployComponents, executeAnonymous, runCommand } = await import('../src/toolchain/index.js');

type Job = {
  Status: string;
  NumberOfErrors: number;
  JobItemsProcessed: number;
  TotalJobItems: number;
  ExtendedStatus: string | null;
};

async function runOriginal(connection: InstanceType<typeof Connection>): Promise<Job> {
  const { logs } = await executeAnonymous(
    connection,
    "System.debug('ORIGINAL_JOB_ID=' + Database.executeBatch(new OriginalDatedRatesBatch(), 200));",
    'Starting the original batch'
  );
  const jobId = /\|USER_DEBUG\|.*ORIGINAL_JOB_ID=(\w+)/.exec(logs)?.[1];
  if (!jobId) throw new Error(`no job id in the debug log:\n${logs}`);
  for (;;) {
    const job = (
      await connection.query<Job>(
        `SELECT Status, NumberOfErrors, JobItemsProcessed, TotalJobItems, ExtendedStatus FROM AsyncApexJob WHERE Id = '${jobId}'`
      )
    ).records[0];
    if (['Completed', 'Failed', 'Aborted'].includes(job.Status)) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<number> {
  const org = await startLocalOrg({ apexParseCacheDir: APEX_PARSE_CACHE_DIR });
  try {
    console.log(`Local org ${org.orgId} at ${org.instanceUrl}`);
    const username = await registerWithCli(org, 'local');
    const opts = { env: localReplacementEnv(), projectDir: PROJECT_DIR };
    const setup = await runCommand('setup', ['-o', 'local', '--test-level', 'NoTestRun', '--skip-auth'], opts);
    if (setup.exitCode !== 0) return setup.exitCode;
    const url = (setup.result as { principal?: { url?: string } }).principal?.url;
    if (url) await openAuthenticationUrl(url);
    const connection = await Connection.create({ authInfo: await AuthInfo.create({ username }) });
    const fixture = join(PROJECT_DIR, 'test/fixtures/original-batch');
    const deployed = await deployComponents({
      connection,
      sourcepath: [join(fixture, 'main')],
      projectDir: fixture,
      testLevel: 'NoTestRun',
      waitMs: 120_000
    });
    if (!deployed.success)
      throw new Error(`deploying the original batch failed: ${JSON.stringify(deployed.componentFailures)}`);
    console.log('\nDeployed the original batch (test/fixtures/original-batch).');

    const active = (
      await connection.query('SELECT COUNT() FROM CurrencyType WHERE IsActive = true AND IsCorporate = false')
    ).totalSize;
    console.log(
      `\n1) ${active} active currencies, one chunk: one callout per currency with 'OAuth ' + UserInfo.getSessionId()`
    );
    const first = await runOriginal(connection);
    console.log(
      `   AsyncApexJob ${first.Status}, errors ${first.NumberOfErrors}/${first.TotalJobItems}: ${first.ExtendedStatus}`
    );

    // Activate currencies until one chunk holds more than 100 (the ISO 4217 list has 179 codes).
    const inactive = await connection.query<{ Id: string }>('SELECT Id FROM CurrencyType WHERE IsActive = false');
    const existing = new Set(
      (await connection.query<{ IsoCode: string }>('SELECT IsoCode FROM CurrencyType')).records.map((r) => r.IsoCode)
    );
    const toCreate = ISO_4217_CODES.filter((c) => !existing.has(c)).slice(
      0,
      Math.max(0, 130 - active - inactive.records.length)
    );
    for (let i = 0; i < toCreate.length; i += 200) {
      await connection
        .sobject('CurrencyType')
        .create(
          toCreate
            .slice(i, i + 200)
            .map((IsoCode) => ({ IsoCode, ConversionRate: 1.5, DecimalPlaces: 2, IsActive: true }))
        );
    }
    if (inactive.records.length)
      await connection.sobject('CurrencyType').update(inactive.records.map((r) => ({ Id: r.Id, IsActive: true })));
    const many = (
      await connection.query('SELECT COUNT() FROM CurrencyType WHERE IsActive = true AND IsCorporate = false')
    ).totalSize;
    console.log(`\n2) ${many} active currencies in one chunk of 200:`);
    const second = await runOriginal(connection);
    console.log(
      `   AsyncApexJob ${second.Status}, errors ${second.NumberOfErrors}/${second.TotalJobItems}: ${second.ExtendedStatus}`
    );

    const ok =
      /INVALID_SESSION_ID/.test(first.ExtendedStatus ?? '') &&
      /Too many callouts: 101/.test(second.ExtendedStatus ?? '');
    console.log(
      ok
        ? '\nReproduced: the session id is null in batch Apex (INVALID_SESSION_ID), and one callout per record breaks the 100-callout limit. The fixed batch (npm start) uses the Named Credential and one collection callout per 200 currencies.'
        : '\nNOT reproduced as expected.'
    );
    return ok ? 0 : 1;
  } finally {
    await org.stop();
  }
}

process.exitCode = await main();
