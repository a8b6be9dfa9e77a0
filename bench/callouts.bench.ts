/**
 * Callouts per run, fixed batch vs the original approach, on the embedded local org:
 * for N active non-corporate currencies, CreateDatedConversionRate (one sObject Collections callout per
 * chunk of up to 200 through the Named Credential) against OriginalDatedRatesBatch
 * (test/fixtures/original-batch: one REST callout per currency with 'OAuth ' + UserInfo.getSessionId()).
 * Expected: ceil(N/200) callouts per chunk for the fixed batch; N for the original (each one 401
 * INVALID_SESSION_ID), which stops at the 101st (Too many callouts: 101) when a chunk holds more than 100.
 * The ISO 4217 list has 179 codes, so N is at most 178 on the local org (N = 400 is reported as n/a).
 */
import { join } from 'node:path';
import { isolateHome, PROJECT_DIR } from '../scripts/lib/embedded.js';

isolateHome(undefined);
const { AuthInfo, Connection } = await import('@salesforce/core');
const { addDays, ISO_4217_CODES, runSoql, startLocalOrg } = await import('../src/local-org/index.js');
const { deployComponents } = await import('../src/toolchain/index.js');

process.env.DATED_RATES_CONSUMER_KEY ??= 'local-org-consumer-key';
process.env.DATED_RATES_CONSUMER_SECRET ??= 'local-org-consumer-secret';
process.env.DATED_RATES_CONTACT_EMAIL ??= 'admin@local-org.invalid';

type Org = Awaited<ReturnType<typeof startLocalOrg>>;

async function deploy(connection: InstanceType<typeof Connection>, dir: string, sourcepath: string): Promise<void> {
  const r = await deployComponents({
    connection,
    sourcepath: [sourcepath],
    projectDir: dir,
    testLevel: 'NoTestRun',
    waitMs: 300_000
  });
  if (!r.success) throw new Error(`deploy of ${sourcepath} failed: ${JSON.stringify(r.componentFailures)}`);
}

async function prepare(n: number): Promise<Org> {
  const codes = ISO_4217_CODES.filter((c) => c !== 'USD').slice(0, n);
  // The org decides "today"; every currency's latest rate is two of its days old.
  const org = await startLocalOrg({
    seed: (today) => ({
      corporate: 'USD',
      currencies: [{ isoCode: 'USD', conversionRate: 1 }, ...codes.map((isoCode) => ({ isoCode, conversionRate: 2 }))],
      datedRates: codes.map((isoCode) => ({ isoCode, startDate: addDays(today, -2), conversionRate: 2 }))
    })
  });
  process.env.DATED_RATES_MY_DOMAIN_URL = org.instanceUrl;
  const authInfo = await AuthInfo.create({
    accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl, loginUrl: org.instanceUrl }
  });
  const connection = await Connection.create({ authInfo });
  await deploy(connection, PROJECT_DIR, join(PROJECT_DIR, 'force-app'));
  const fixture = join(PROJECT_DIR, 'test/fixtures/original-batch');
  await deploy(connection, fixture, join(fixture, 'main'));
  const ps = runSoql(org.store, "SELECT Id FROM PermissionSet WHERE Name = 'DatedRatesAdmin'").records[0];
  await connection.sobject('PermissionSetAssignment').create({ AssigneeId: org.userId, PermissionSetId: ps.Id });
  const res = await fetch(`${org.instanceUrl}/services/data/v65.0/named-credentials/credential/auth-url/o-auth`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      externalCredential: 'DatedRatesOrgApi',
      principalName: 'DatedRatesNamedPrincipal',
      principalType: 'NamedPrincipal'
    })
  });
  const { authenticationUrl } = (await res.json()) as { authenticationUrl: string };
  const page = await fetch(authenticationUrl);
  if (page.status !== 200) throw new Error('principal authentication failed');
  return org;
}

async function callouts(org: Org, apex: string): Promise<{ callouts: number; status: string }> {
  const before = org.apex!.calloutsMade;
  const r = await org.apex!.executeAnonymous(`System.debug('JOB=' + ${apex});`, { sessionId: org.accessToken });
  const jobId = /JOB=(\w+)/.exec(r.log ?? '')?.[1];
  if (!r.success || !jobId) throw new Error(`could not start ${apex}: ${r.exceptionMessage ?? r.compileProblem}`);
  await org.apex!.whenIdle();
  const job = runSoql(
    org.store,
    `SELECT Status, NumberOfErrors, ExtendedStatus FROM AsyncApexJob WHERE Id = '${jobId}'`
  ).records[0];
  const status = job.NumberOfErrors
    ? String(job.ExtendedStatus)
        .replace(/^First error: /, '')
        .slice(0, 60)
    : 'ok';
  return { callouts: org.apex!.calloutsMade - before, status };
}

console.log('Callouts per run (one chunk of 200), fixed batch vs original approach:');
console.log('N     fixed  expected  original  expected  original outcome');
for (const n of [10, 100, 170, 400]) {
  if (n > ISO_4217_CODES.length - 1) {
    console.log(
      `${String(n).padEnd(6)}n/a: the ISO 4217 list has ${ISO_4217_CODES.length} codes (the local org's restricted picklist)`
    );
    continue;
  }
  const org = await prepare(n);
  try {
    const fixed = await callouts(org, 'Database.executeBatch(new CreateDatedConversionRate(), 200)');
    const original = await callouts(org, 'Database.executeBatch(new OriginalDatedRatesBatch(), 200)');
    console.log(
      `${String(n).padEnd(6)}${String(fixed.callouts).padEnd(7)}${String(Math.ceil(n / 200)).padEnd(10)}${String(original.callouts).padEnd(10)}${String(Math.min(n, 100)).padEnd(10)}${original.status}`
    );
  } finally {
    await org.stop();
  }
}
