/**
 * npm start — the main job on the embedded default, with no org: starts the local org in-process, then
 * through the toolchain (the same commands as against a real org): setup (deploy, permission set, the
 * named principal's URL, which this script opens as the admin's browser would), run (the batch), verify
 * (prints the verification table). Exit 0 when the rates are rolled forward.
 * `npm start -- --data-dir <dir>` keeps the org in <dir>; a second run on it creates nothing.
 * `npm start -- --source ecb` takes the rates from the ECB instead: the local org answers the ECB's feeds
 * from fixtures generated in the ECB's format for the org's clock (src/fixtures/), rebased to the
 * corporate currency, and verify checks each rate's source and fixing date. `--source oxr` does the same with
 * Open Exchange Rates answers for a one-time App ID that setup sets on the External Credential's principal.
 * `npm start -- --org-type production|sandbox|scratch|developer` gives the local org that type.
 * It then prints the console's URL (the deployed tab, logged in through the frontdoor); `--serve` keeps the
 * org serving until Ctrl-C, `--open` also opens the URL in the desktop's browser.
 */
import {
  APEX_PARSE_CACHE_DIR,
  isolateHome,
  localReplacementEnv,
  openAuthenticationUrl,
  openInBrowser,
  parseStartFlags,
  untilInterrupted,
  PROJECT_DIR,
  StartUsageError
} from './lib/embedded.js';

async function main(): Promise<number> {
  let flags;
  try {
    flags = parseStartFlags(process.argv.slice(2));
  } catch (e) {
    if (e instanceof StartUsageError) {
      process.stderr.write(`Error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  isolateHome(flags.dataDir);
  const { addDays, consoleTabs, defaultSeed, frontdoorUrl, registerWithCli, startLocalOrg, tabHref } =
    await import('../src/local-org/index.js');
  const { runCommand } = await import('../src/toolchain/index.js');
  // The default seed shifted back one day: the latest rates are 1 to 4 days old, so today's run rolls every
  // currency forward and verify can pass (the plain default seed already has today's rate for 4 currencies).
  // "Today" is the org's (its clock, its default time zone); the seed only applies to a new org, an
  // existing --data-dir keeps its data.
  let fixturesDir: string | undefined;
  const offlineEnv: Record<string, string> = {};
  if (flags.source?.includes('ECB') || flags.source?.includes('OXR')) {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { randomBytes } = await import('node:crypto');
    const { writeEcbFixtures, writeOxrFixtures } = await import('../src/fixtures/index.js');
    fixturesDir = flags.dataDir
      ? join(flags.dataDir, 'fixtures', 'providers')
      : mkdtempSync(join(tmpdir(), 'dated-rates-providers-'));
    if (flags.source.includes('ECB')) {
      const { latest, fixings } = writeEcbFixtures(fixturesDir, new Date());
      console.log(`ECB feeds generated in ${fixturesDir}: ${fixings} fixings up to ${latest} (offline fixtures).`);
    }
    if (flags.source.includes('OXR')) {
      // A fresh App ID for this run: the fixtures answer only it, setup sets it on the External Credential's
      // principal through the Connect REST API (as DATED_RATES_OXR_APP_ID from .env would for a real key).
      const appId = randomBytes(16).toString('hex');
      const to = new Date().toISOString().slice(0, 10);
      const { days } = writeOxrFixtures(fixturesDir, appId, to);
      offlineEnv.DATED_RATES_OXR_APP_ID = appId;
      console.log(
        `Open Exchange Rates answers generated in ${fixturesDir}: ${days} days up to ${to}, for a one-time App ID (offline fixtures).`
      );
    }
  }
  const org = await startLocalOrg({
    fixturesDir,
    port: flags.port,
    dataDir: flags.dataDir,
    orgType: flags.orgType,
    seed: (today) => defaultSeed(addDays(today, -1)),
    apexParseCacheDir: APEX_PARSE_CACHE_DIR
  });
  const pipeline = async (): Promise<number> => {
    await registerWithCli(org, 'local');
    const env = { ...localReplacementEnv(), ...offlineEnv };
    const opts = { env, projectDir: PROJECT_DIR };
    // Deploys with the project's Apex tests (RunSpecifiedTests), which the local org runs inside the deploy.
    const setup = await runCommand('setup', ['-o', 'local', '--skip-auth'], opts);
    if (setup.exitCode !== 0) return setup.exitCode;
    const principal = (setup.result as { principal?: { authenticated: boolean; url?: string } }).principal;
    if (principal && !principal.authenticated && principal.url) {
      console.log('Opening the authentication URL as the admin (the local org approves it)...');
      await openAuthenticationUrl(principal.url);
      console.log('Named principal authenticated.');
    }
    const sourceFlags = flags.source ? ['--source', flags.source] : [];
    const run = await runCommand('run', ['-o', 'local', ...sourceFlags], opts);
    if (run.exitCode !== 0) return run.exitCode;
    const verify = await runCommand('verify', ['-o', 'local', ...(flags.source ? ['--sourced'] : [])], opts);
    return verify.exitCode;
  };
  try {
    console.log(`Local org ${org.orgId} at ${org.instanceUrl}${flags.dataDir ? ` (data in ${flags.dataDir})` : ''}`);
    const code = await pipeline();
    const tabs = consoleTabs(org.store);
    const urls = tabs.map((t) => ({
      label: t.label,
      url: frontdoorUrl(org.instanceUrl, org.issueAccessToken(), tabHref(t.name))
    }));
    for (const u of urls) console.log(`Console (${u.label}): ${u.url}`);
    if (!flags.serve) {
      if (urls.length) console.log('The org stops now: run `npm start -- --serve` to keep the console open.');
      return code;
    }
    if (flags.open && urls[0]) await openInBrowser(urls[0].url);
    console.log(`Serving the local org at ${org.instanceUrl} until Ctrl-C (the first page load compiles the page).`);
    await untilInterrupted();
    console.log('Stopping the local org.');
    return code;
  } finally {
    await org.stop();
  }
}

process.exitCode = await main();
