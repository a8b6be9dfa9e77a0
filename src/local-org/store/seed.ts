/**
 * Seeding: the org, its admin user and profile, currencies and dated rates. `--seed <file>` takes a
 * JSON SeedSpec (see docs/local-org.md); without it the default seed is used.
 */
import { bulkLoadDatedRates } from './acm.js';
import { addDays } from './clock.js';
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
