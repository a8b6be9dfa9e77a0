/**
 * The org's currency features: multiple currencies and effective dates (advanced currency management,
 * ACM). CurrencyType "is not available in single-currency organizations"; DatedConversionRate "is not
 * available in single-currency organizations, nor is it available if the organization does not have
 * advanced currency management enabled" (Object Reference,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_currencytype.htm ,
 * .../sforce_api_objects_datedconversionrate.htm). Without them the objects leave the schema: SOQL
 * answers `sObject type '…' is not supported`, the REST describe 404, and Apex that names them does not
 * compile (`Invalid type: …`). CurrencySettings (`settings/Currency.settings`) turns them on;
 * `enableMultiCurrency` cannot be set back to false, and effective dates need multiple currencies
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_currencysettings.htm).
 */
import { SalesforceError } from './errors.js';
import { standardObjects } from './standard-objects.js';
import type { Store } from './store.js';

export const CURRENCY_MODES = ['single', 'multi', 'acm'] as const;
/** single: one currency; multi: multiple currencies; acm: multiple currencies with effective dates. */
export type CurrencyMode = (typeof CURRENCY_MODES)[number];
export const DEFAULT_CURRENCY_MODE: CurrencyMode = 'acm';

export interface CurrencyFeatures {
  multiCurrency: boolean;
  effectiveDates: boolean;
}

const META_KEY = 'currencyFeatures';

export function featuresOf(mode: CurrencyMode): CurrencyFeatures {
  return { multiCurrency: mode !== 'single', effectiveDates: mode === 'acm' };
}

export function parseCurrencyMode(value: string): CurrencyMode {
  if ((CURRENCY_MODES as readonly string[]).includes(value)) return value as CurrencyMode;
  throw new RangeError(`unknown currency mode '${value}': use one of ${CURRENCY_MODES.join(', ')}`);
}

export function currencyFeatures(store: Store): CurrencyFeatures {
  const raw = store.getMeta(META_KEY);
  return raw ? (JSON.parse(raw) as CurrencyFeatures) : featuresOf(DEFAULT_CURRENCY_MODE);
}

/** Whether DatedConversionRate exists in this org (multiple currencies and effective dates on). */
export function hasAdvancedCurrencyManagement(store: Store): boolean {
  const f = currencyFeatures(store);
  return f.multiCurrency && f.effectiveDates;
}

/**
 * Sets the features (a new org, or a CurrencySettings deploy). `initial` allows any state (org creation);
 * otherwise multiple currencies cannot be turned off once on, and effective dates need them.
 */
export function setCurrencyFeatures(store: Store, wanted: CurrencyFeatures, initial = false): void {
  const current = currencyFeatures(store);
  if (!initial && current.multiCurrency && !wanted.multiCurrency)
    throw new SalesforceError(
      'FIELD_INTEGRITY_EXCEPTION',
      'enableMultiCurrency cannot be set to false: multiple currencies cannot be disabled once enabled'
    );
  if (wanted.effectiveDates && !wanted.multiCurrency)
    throw new SalesforceError(
      'FIELD_INTEGRITY_EXCEPTION',
      'enableCurrencyEffectiveDates needs enableMultiCurrency set to true'
    );
  store.setMeta(META_KEY, JSON.stringify(wanted));
  if (store.orgId)
    store.update('Organization', store.orgId, { IsMultiCurrencyEnabled: wanted.multiCurrency }, { system: true });
  applyCurrencySchema(store);
}

/** Puts CurrencyType and DatedConversionRate in the schema, or takes them out, as the features say. */
export function applyCurrencySchema(store: Store): void {
  const f = currencyFeatures(store);
  const visible: Record<string, boolean> = {
    CurrencyType: f.multiCurrency,
    DatedConversionRate: f.multiCurrency && f.effectiveDates
  };
  for (const [name, on] of Object.entries(visible)) {
    const present = store.schema.get(name) !== undefined;
    if (on && !present) store.schema.add(standardObjects().find((d) => d.name === name)!);
    if (!on && present) store.schema.remove(name);
  }
}

/** Applies a deployed CurrencySettings (its parsed XML content) to the org. */
export function applyCurrencySettings(store: Store, content: Record<string, unknown>): void {
  const current = currencyFeatures(store);
  const flag = (key: string, fallback: boolean): boolean =>
    content[key] === undefined ? fallback : String(content[key]) === 'true';
  setCurrencyFeatures(store, {
    multiCurrency: flag('enableMultiCurrency', current.multiCurrency),
    effectiveDates: flag('enableCurrencyEffectiveDates', current.effectiveDates)
  });
}
