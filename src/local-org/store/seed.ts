/**
 * Seeding: the org, its admin user and profile, currencies and dated rates. `--seed <file>` takes a
 * JSON SeedSpec (see docs/local-org.md); without it the default seed is used.
 */
import { bulkLoadDatedRates } from './acm.js';
import { addDays } from './clock.js';
import { hasCalendarDatePrefix } from './dates.js';
import { DECIMAL_EXCEPTIONS } from './iso4217.js';
import { makeId } from './ids.js';
import type { ApiRecord, Store } from './store.js';

export interface SeedSpec {
  org?: { name?: string; timeZone?: string; username?: string };
  /** Corporate currency ISO code (default USD). */
  corporate?: string;
  currencies?: { isoCode: string; conversionRate: number; decimalPlaces?: number; active?: boolean }[];
  datedRates?: { isoCode: string; startDate: string; conversionRate: number }[];
  /** Further records by sObject type, inserted as the platform would (system writes). */
  records?: Record<string, ApiRecord[]>;
}

/** Approximate units per USD; only used to make seeded history look realistic. */
const REFERENCE_RATES: Record<string, number> = {
  EUR: 0.92,
  GBP: 0.79,
  JPY: 151.2,
  CAD: 1.37,
  AUD: 1.52,
  CHF: 0.88,
  SEK: 10.6,
  NOK: 10.8,
  DKK: 6.87,
  MXN: 17.1,
  BRL: 5.05,
  INR: 83.4,
  CNY: 7.24,
  SGD: 1.35,
  ZAR: 18.6
};

/** The default seed: corporate USD, 15 active currencies, several periods each, latest dates differ. */
export function defaultSeed(today: string): SeedSpec {
  const currencies = [
    { isoCode: 'USD', conversionRate: 1 },
    ...Object.entries(REFERENCE_RATES).map(([isoCode, conversionRate]) => ({ isoCode, conversionRate }))
  ];
  const datedRates: SeedSpec['datedRates'] = [];
  Object.entries(REFERENCE_RATES).forEach(([isoCode, base], i) => {
    const latest = addDays(today, -(i % 4)); // today, yesterday, 2 and 3 days ago
    const starts = [addDays(latest, -90), addDays(latest, -60), addDays(latest, -30), addDays(latest, -1), latest];
    starts.forEach((startDate, k) => {
      const wobble = 1 + (((i * 7 + k * 13) % 11) - 5) / 500;
      datedRates.push({ isoCode, startDate, conversionRate: Number((base * wobble).toFixed(6)) });
    });
  });
  return { corporate: 'USD', currencies, datedRates };
}

export interface SeededOrg {
  orgId: string;
  userId: string;
  username: string;
}

export function applySeed(store: Store, spec: SeedSpec): SeededOrg {
  return store.transaction(() => {
    const orgId = makeId('00D', 1 + Math.floor(Math.random() * 1e9));
    const timeZone = spec.org?.timeZone ?? store.clock.timeZone;
    store.clock.timeZone = timeZone;
    store.insert(
      'Organization',
      {
        Id: orgId,
        Name: spec.org?.name ?? 'Local Org',
        InstanceName: 'LOCAL',
        IsSandbox: false,
        NamespacePrefix: null,
        OrganizationType: 'Developer Edition',
        DefaultLocaleSidKey: 'en_US',
        LanguageLocaleKey: 'en_US',
        TimeZoneSidKey: timeZone,
        IsMultiCurrencyEnabled: true
      },
      { system: true }
    );
    store.orgId = orgId;
    const profileId = store.insert('Profile', { Name: 'System Administrator', UserType: 'Standard' }, { system: true });
    const username = spec.org?.username ?? `admin@${orgId.slice(0, 15).toLowerCase()}.local`;
    const userId = store.insert(
      'User',
      {
        Username: username,
        LastName: 'Admin',
        FirstName: 'Local',
        Name: 'Local Admin',
        Email: 'admin@example.invalid',
        Alias: 'ladmin',
        IsActive: true,
        ProfileId: profileId,
        TimeZoneSidKey: timeZone,
        LocaleSidKey: 'en_US',
        LanguageLocaleKey: 'en_US',
        EmailEncodingKey: 'UTF-8'
      },
      { system: true }
    );
    store.userId = userId;
    store.insert('UserPermissionAccess', {}, { system: true });
    store.setMeta('orgId', orgId);
    store.setMeta('userId', userId);
    ensureAutomatedProcessUser(store);
    store.setMeta('username', username);
    store.setMeta('timeZone', timeZone);
    const corporate = spec.corporate ?? 'USD';
    for (const c of spec.currencies ?? []) {
      const isCorporate = c.isoCode === corporate;
      store.insert(
        'CurrencyType',
        {
          IsoCode: c.isoCode,
          ConversionRate: isCorporate ? 1 : c.conversionRate,
          DecimalPlaces: c.decimalPlaces ?? DECIMAL_EXCEPTIONS[c.isoCode] ?? 2,
          IsActive: isCorporate || c.active !== false,
          IsCorporate: isCorporate
        },
        { system: true }
      );
    }
    bulkLoadDatedRates(store, spec.datedRates ?? []);
    for (const [type, records] of Object.entries(spec.records ?? {}))
      for (const rec of records) store.insert(type, rec, { system: true });
    return { orgId, userId, username };
  });
}

/** Thrown by validateSeedSpec: what is wrong and where, before anything is written. */
export class SeedSpecError extends Error {
  constructor(where: string, what: string) {
    super(`seed ${where}: ${what} (see the SeedSpec in docs/local-org.md)`);
    this.name = 'SeedSpecError';
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function arrayOf(spec: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const v = spec[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SeedSpecError(key, 'must be an array');
  v.forEach((x, i) => {
    if (!isObject(x)) throw new SeedSpecError(`${key}[${i}]`, 'must be an object');
  });
  return v as Record<string, unknown>[];
}

function positive(x: unknown, where: string): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0)
    throw new SeedSpecError(where, 'must be a positive number');
}

/**
 * Checks the shape of a seed before it is applied, so a bad seed changes nothing: field types,
 * positive rates, real calendar dates, records as arrays of objects. Rules of the data itself
 * (ISO codes, duplicates) are checked by the store inside the seed's transaction.
 */
export function validateSeedSpec(spec: unknown): SeedSpec {
  if (!isObject(spec)) throw new SeedSpecError('(top level)', 'must be a JSON object');
  if (spec.org !== undefined) {
    if (!isObject(spec.org)) throw new SeedSpecError('org', 'must be an object');
    for (const k of ['name', 'timeZone', 'username'])
      if (spec.org[k] !== undefined && typeof spec.org[k] !== 'string')
        throw new SeedSpecError(`org.${k}`, 'must be a string');
    if (typeof spec.org.timeZone === 'string')
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: spec.org.timeZone });
      } catch {
        throw new SeedSpecError('org.timeZone', `unknown time zone ${spec.org.timeZone}`);
      }
  }
  if (spec.corporate !== undefined && typeof spec.corporate !== 'string')
    throw new SeedSpecError('corporate', 'must be an ISO currency code');
  arrayOf(spec, 'currencies').forEach((c, i) => {
    if (typeof c.isoCode !== 'string') throw new SeedSpecError(`currencies[${i}].isoCode`, 'must be a string');
    positive(c.conversionRate, `currencies[${i}].conversionRate`);
    if (c.decimalPlaces !== undefined && !(Number.isInteger(c.decimalPlaces) && (c.decimalPlaces as number) >= 0))
      throw new SeedSpecError(`currencies[${i}].decimalPlaces`, 'must be a whole number ≥ 0');
    if (c.active !== undefined && typeof c.active !== 'boolean')
      throw new SeedSpecError(`currencies[${i}].active`, 'must be true or false');
  });
  arrayOf(spec, 'datedRates').forEach((r, i) => {
    if (typeof r.isoCode !== 'string') throw new SeedSpecError(`datedRates[${i}].isoCode`, 'must be a string');
    if (
      typeof r.startDate !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(r.startDate) ||
      !hasCalendarDatePrefix(r.startDate)
    )
      throw new SeedSpecError(`datedRates[${i}].startDate`, 'must be a real date YYYY-MM-DD');
    positive(r.conversionRate, `datedRates[${i}].conversionRate`);
  });
  if (spec.records !== undefined) {
    if (!isObject(spec.records)) throw new SeedSpecError('records', 'must be an object of arrays by sObject type');
    for (const [type, list] of Object.entries(spec.records)) {
      if (!Array.isArray(list)) throw new SeedSpecError(`records.${type}`, 'must be an array of records');
      list.forEach((x, i) => {
        if (!isObject(x)) throw new SeedSpecError(`records.${type}[${i}]`, 'must be an object');
      });
    }
  }
  return spec as SeedSpec;
}

/**
 * The Automated Process user, whom platform event triggers run as by default ("Configure the User and Batch
 * Size for Your Platform Event Trigger"); created on first need for a data dir seeded before it existed.
 * Its profile is the admin's (no page says which profile an org gives it). Returns its Id.
 */
export function ensureAutomatedProcessUser(store: Store): string {
  const known = store.getMeta('automatedProcessUserId');
  if (known) return known;
  return store.transaction(() => {
    const admin = store.retrieve('User', store.userId);
    const id = store.insert(
      'User',
      {
        Name: 'Automated Process',
        Username: `autoproc@${store.orgId.slice(0, 15).toLowerCase()}.local`,
        LastName: 'Process',
        FirstName: 'Automated',
        Email: 'autoproc@example.invalid',
        Alias: 'autoproc',
        IsActive: true,
        UserType: 'AutomatedProcess',
        ProfileId: admin.ProfileId,
        TimeZoneSidKey: store.clock.timeZone,
        LocaleSidKey: 'en_US',
        LanguageLocaleKey: 'en_US',
        EmailEncodingKey: 'UTF-8'
      },
      { system: true }
    );
    store.setMeta('automatedProcessUserId', id);
    return id;
  });
}
