/**
 * Preflight checks of the target org before setup deploys anything. Each check yields one
 * pass/fail/warn/skip line with a fix hint.
 *
 * ACM is on exactly when the DatedConversionRate describe says createable (CumulusCI's
 * is_advanced_currency_management_enabled); without multi-currency CurrencyType is not a valid
 * sObject type (INVALID_TYPE) and the DCR describe answers 404 NOT_FOUND.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_datedconversionrate.htm
 */
import type { Connection } from '@salesforce/core';
import { PermissionError, SessionExpiredError, OrgUnreachableError, toToolchainError } from './errors.js';
import { soqlString } from './format.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export type CheckResult = { id: string; label: string; status: CheckStatus; detail: string; hint?: string };

type Currency = { IsoCode: string; IsCorporate: boolean };

type Permissions = { PermissionsApiEnabled?: boolean; PermissionsAuthorApex?: boolean };

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { errorCode?: unknown; name?: unknown; message?: unknown };
    return `${typeof e.errorCode === 'string' ? e.errorCode : ''} ${typeof e.name === 'string' ? e.name : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  }
  return String(error);
}

const isInvalidType = (error: unknown): boolean => /INVALID_TYPE|NOT_FOUND|not supported|404/i.test(errorText(error));

/** Connection-level failures end the whole preflight: no later check can succeed. */
function rethrowFatal(error: unknown): void {
  const mapped = toToolchainError(error);
  if (mapped instanceof SessionExpiredError || mapped instanceof OrgUnreachableError) throw mapped;
}

async function checkApiAccess(connection: Connection): Promise<CheckResult> {
  const label = 'API access for the running user';
  try {
    const result = await connection.query<Permissions>(
      'SELECT PermissionsApiEnabled, PermissionsAuthorApex FROM UserPermissionAccess LIMIT 1'
    );
    const perms = result.records[0];
    if (perms && perms.PermissionsApiEnabled === false) {
      return {
        id: 'api',
        label,
        status: 'fail',
        detail: 'API Enabled is off',
        hint: 'Give the user a profile or permission set with "API Enabled".'
      };
    }
    if (perms && perms.PermissionsAuthorApex === false) {
      return {
        id: 'api',
        label,
        status: 'fail',
        detail: 'API enabled, but "Author Apex" is off (deploy and anonymous Apex need it)',
        hint: 'Run setup as a System Administrator, or assign "Author Apex".'
      };
    }
    return { id: 'api', label, status: 'pass', detail: perms ? 'API Enabled and Author Apex' : 'REST API reachable' };
  } catch (error) {
    rethrowFatal(error);
    if (isInvalidType(error)) {
      return {
        id: 'api',
        label,
        status: 'pass',
        detail: 'REST API reachable (UserPermissionAccess not available to check permissions)'
      };
    }
    const mapped = toToolchainError(error);
    return {
      id: 'api',
      label,
      status: 'fail',
      detail: mapped.message,
      hint: mapped instanceof PermissionError ? 'Give the user "API Enabled" (and "Author Apex").' : mapped.actions[0]
    };
  }
}

/**
 * Whether the org hands out the external client app's generated consumer key and secret through the
 * Metadata API (what setup reads back after phase 1): the org setting "Allow access to External Client App
 * consumer secrets via Metadata API", in the Metadata API `ExternalClientAppSettings.enableConsumerSecretApiAccess`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_externalclientappsettings.htm),
 * read with readMetadata when the org lets the user read it. The user permission the retrieve also needs,
 * "View External Client Apps Consumer Secrets in Metadata"
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm),
 * is named in the hint: its API field name is not documented, so it is not probed.
 */
export async function checkClientAppSecrets(connection: Connection): Promise<CheckResult> {
  const id = 'client-app-secrets';
  const label = 'External client app consumer secrets via Metadata API';
  const permission = 'View External Client Apps Consumer Secrets in Metadata';
  let value: unknown;
  // jsforce's list of metadata types predates ExternalClientAppSettings (API 58.0).
  type ReadType = Parameters<typeof connection.metadata.read>[0];
  try {
    const read = (await connection.metadata.read(
      'ExternalClientAppSettings' as ReadType,
      'ExternalClientApp'
    )) as unknown as {
      enableConsumerSecretApiAccess?: boolean | string;
    };
    value = read?.enableConsumerSecretApiAccess;
  } catch (error) {
    // optional: reported when it can be read (the connection's own failures show in the other checks)
    return {
      id,
      label,
      status: 'skip',
      detail: `the org setting could not be read (${toToolchainError(error).message}); setup still tries the retrieve`
    };
  }
  if (value === undefined)
    return {
      id,
      label,
      status: 'skip',
      detail: 'the org did not report ExternalClientAppSettings.enableConsumerSecretApiAccess'
    };
  if (value === true || value === 'true')
    return {
      id,
      label,
      status: 'pass',
      detail: `on (ExternalClientAppSettings.enableConsumerSecretApiAccess): setup can read the generated key and secret back if your user has "${permission}"`
    };
  return {
    id,
    label,
    status: 'warn',
    detail:
      'off (ExternalClientAppSettings.enableConsumerSecretApiAccess false): setup cannot read the generated consumer key and secret back after phase 1',
    hint: `Setup > External Client App Settings > "Allow access to External Client App consumer secrets via Metadata API" (and the user permission "${permission}"), off again after the first deploy; or put DATED_RATES_CONSUMER_KEY and DATED_RATES_CONSUMER_SECRET in .env from Setup > External Client App Manager.`
  };
}

/** Runs every check in order; later checks are skipped when what they need failed. */
export async function runPreflight(
  connection: Connection
): Promise<{ checks: CheckResult[]; corporate?: string; others: string[] }> {
  const result = await runCurrencyPreflight(connection);
  result.checks.push(await checkClientAppSecrets(connection));
  return result;
}

async function runCurrencyPreflight(
  connection: Connection
): Promise<{ checks: CheckResult[]; corporate?: string; others: string[] }> {
  const checks: CheckResult[] = [await checkApiAccess(connection)];
  let currencies: Currency[] | undefined;
  try {
    currencies = (
      await connection.query<Currency>('SELECT IsoCode, IsCorporate FROM CurrencyType WHERE IsActive = true')
    ).records.sort((a, b) => a.IsoCode.localeCompare(b.IsoCode)); // IsoCode is Filter-only, not Sort
    checks.push({
      id: 'multicurrency',
      label: 'Multi-currency enabled',
      status: 'pass',
      detail: 'CurrencyType is available'
    });
  } catch (error) {
    rethrowFatal(error);
    checks.push({
      id: 'multicurrency',
      label: 'Multi-currency enabled',
      status: 'fail',
      detail: isInvalidType(error)
        ? 'CurrencyType is not available: multi-currency is off'
        : toToolchainError(error).message,
      hint: 'Setup > Company Information > Currency Setup > Activate Multiple Currencies (cannot be undone); scratch orgs: feature MultiCurrency.'
    });
  }
  const skip = (id: string, label: string): CheckResult => ({
    id,
    label,
    status: 'skip',
    detail: 'needs multi-currency'
  });
  if (!currencies) {
    checks.push(
      skip('acm', 'Advanced Currency Management enabled'),
      skip('currencies', 'Corporate currency and another active currency'),
      skip('rates', 'Dated rates to roll forward')
    );
    return { checks, others: [] };
  }
  let acm = false;
  try {
    const describe = await connection.sobject('DatedConversionRate').describe();
    acm = describe.createable === true;
    checks.push({
      id: 'acm',
      label: 'Advanced Currency Management enabled',
      status: acm ? 'pass' : 'fail',
      detail: acm ? 'DatedConversionRate is createable' : 'DatedConversionRate exists but is not createable',
      hint: acm
        ? undefined
        : 'Setup > Manage Currencies > Enable Advanced Currency Management (Currency settings: enableCurrencyEffectiveDates).'
    });
  } catch (error) {
    rethrowFatal(error);
    checks.push({
      id: 'acm',
      label: 'Advanced Currency Management enabled',
      status: 'fail',
      detail: `DatedConversionRate describe failed: ${toToolchainError(error).message}`,
      hint: 'Setup > Manage Currencies > Enable Advanced Currency Management.'
    });
  }
  const corporate = currencies.find((c) => c.IsCorporate)?.IsoCode;
  const others = currencies.filter((c) => !c.IsCorporate).map((c) => c.IsoCode);
  const currencyOk = corporate !== undefined && others.length > 0;
  checks.push({
    id: 'currencies',
    label: 'Corporate currency and another active currency',
    status: currencyOk ? 'pass' : 'fail',
    detail: `corporate ${corporate ?? 'none'}; other active: ${others.length ? others.join(', ') : 'none'}`,
    hint: currencyOk ? undefined : 'Setup > Manage Currencies > New to add and activate a currency.'
  });
  if (!acm || !currencyOk) {
    checks.push({
      id: 'rates',
      label: 'Dated rates to roll forward',
      status: 'skip',
      detail: 'needs ACM and an active non-corporate currency'
    });
    return { checks, corporate, others };
  }
  const inList = others.map(soqlString).join(', ');
  const rates = await connection.query<{ Id: string }>(
    `SELECT Id FROM DatedConversionRate WHERE IsoCode IN (${inList}) LIMIT 1`
  );
  checks.push(
    rates.records.length
      ? { id: 'rates', label: 'Dated rates to roll forward', status: 'pass', detail: 'at least one dated rate exists' }
      : {
          id: 'rates',
          label: 'Dated rates to roll forward',
          status: 'warn',
          detail: 'no dated rates yet: the first run will have nothing to copy',
          hint: 'Setup > Manage Currencies > Manage Dated Exchange Rates to enter a first rate.'
        }
  );
  return { checks, corporate, others };
}

const MARK: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

/** One line per check, with its hint under failures and warnings. */
export function formatChecks(checks: CheckResult[]): string[] {
  return checks.flatMap((c) => {
    const line = `${MARK[c.status].padEnd(4)}  ${c.label}: ${c.detail}`;
    return c.hint && (c.status === 'fail' || c.status === 'warn') ? [line, `      fix: ${c.hint}`] : [line];
  });
}
