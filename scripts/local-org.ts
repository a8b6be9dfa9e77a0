/**
 * npm run local-org -- [--port 8765] [--host 127.0.0.1] [--login <alias>] [--data-dir <dir>]
 *                      [--seed <file>] [--time-zone <tz>] [--now <iso>] [--token-ttl <seconds>] [--fixtures <dir>]
 *                      [--org-type production|sandbox|scratch|developer] [--currency single|multi|acm]
 * Runs the local org in the foreground until Ctrl-C. See docs/local-org.md.
 */
import { parseArgs } from 'node:util';
import {
  CURRENCY_MODES,
  ORG_TYPES,
  parseCurrencyMode,
  parseOrgType,
  registerWithCli,
  startLocalOrg,
  type OrgType
} from '../src/local-org/index.js';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8765' },
        host: { type: 'string', default: '127.0.0.1' },
        login: { type: 'string' },
        'data-dir': { type: 'string' },
        seed: { type: 'string' },
        'time-zone': { type: 'string' },
        now: { type: 'string' },
        'token-ttl': { type: 'string' },
        fixtures: { type: 'string' },
        'org-type': { type: 'string' },
        currency: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true
    }));
  } catch (e) {
    console.error(`local-org: ${e instanceof Error ? e.message : String(e)}. Run with --help for the options.`);
    return 2;
  }
  if (values.help) {
    console.log(
      `npm run local-org -- [--port 8765] [--host 127.0.0.1] [--login <alias>] [--data-dir <dir>] [--seed <file>] [--time-zone <tz>] [--now <iso>] [--token-ttl <seconds>] [--fixtures <dir>] [--org-type ${ORG_TYPES.join('|')}] [--currency ${CURRENCY_MODES.join('|')}]`
    );
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`local-org: --port must be 0..65535, got ${values.port}`);
    return 2;
  }
  const ttl = values['token-ttl'] === undefined ? 7200 : Number(values['token-ttl']);
  if (!(ttl > 0)) {
    console.error(`local-org: --token-ttl must be a positive number of seconds`);
    return 2;
  }
  let orgType: OrgType | undefined;
  if (values['org-type'] !== undefined) {
    if (!(ORG_TYPES as readonly string[]).includes(values['org-type'])) {
      console.error(`local-org: --org-type must be one of ${ORG_TYPES.join(', ')}, got '${values['org-type']}'`);
      return 2;
    }
    orgType = parseOrgType(values['org-type']);
  }
  if (values.currency !== undefined && !(CURRENCY_MODES as readonly string[]).includes(values.currency)) {
    console.error(`local-org: --currency must be one of ${CURRENCY_MODES.join(', ')}, got '${values.currency}'`);
    return 2;
  }
  const org = await startLocalOrg({
    port,
    orgType,
    currency: values.currency === undefined ? undefined : parseCurrencyMode(values.currency),
    host: values.host,
    dataDir: values['data-dir'],
    seed: values.seed,
    clock: { timeZone: values['time-zone'], now: values.now },
    accessTokenTtlSeconds: ttl,
    fixturesDir: values.fixtures
  });
  console.log(`Local org running at ${org.instanceUrl}`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(values.host ?? ''))
    console.warn(
      `Warning: listening on ${values.host}: the org is reachable from other hosts; the control API (/__local) still needs the secret below.`
    );
  console.log(`  org id    ${org.orgId}`);
  console.log(`  username  ${org.username}`);
  console.log(`  org type  ${org.orgType}`);
  console.log(`  today     ${org.store.clock.today()} (${org.store.clock.timeZone})`);
  console.log(`  control   ${org.instanceUrl}/__local/… with header X-Local-Org-Secret: ${org.controlSecret}`);
  if (values.login) {
    const username = await registerWithCli(org, values.login);
    console.log(
      `Registered with the sf CLI as '${values.login}' (${username}): sf data query -o ${values.login} -q "SELECT IsoCode FROM CurrencyType"`
    );
  } else {
    console.log('Log the sf CLI in with:');
    console.log(
      `  SF_ACCESS_TOKEN='${org.accessToken}' sf org login access-token --instance-url ${org.instanceUrl} --no-prompt --alias local`
    );
  }
  console.log('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await org.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`local-org: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
);
