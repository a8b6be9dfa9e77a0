/**
 * Multi-currency and Advanced Currency Management rules for CurrencyType and DatedConversionRate.
 * Documented behaviour (Object Reference: CurrencyType
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_currencytype.htm
 * — create and update, no delete, IsActive defaults to false, rates are against the corporate currency —
 * and DatedConversionRate .../sforce_api_objects_datedconversionrate.htm): IsoCode is a restricted
 * picklist; DatedConversionRate.IsoCode must be an active currency; NextStartDate is read only and is
 * the StartDate of the following period. The corporate currency's rate is 1 (every rate is against it)
 * and it stays active, as Setup enforces. Unverified (chosen here, see
 * docs/local-org.md): the error codes/messages for a duplicate IsoCode + StartDate (DUPLICATE_VALUE)
 * and for corporate-currency violations (FIELD_INTEGRITY_EXCEPTION), the open-ended period's
 * NextStartDate (9999-12-31) and the first period's StartDate (0001-01-01).
 */
import { SalesforceError } from './errors.js';
import { tableName, type DbRow, type Store } from './store.js';

export const OPEN_END_DATE = '9999-12-31';
export const FIRST_START_DATE = '0001-01-01';

const CT = tableName('CurrencyType');
const DCR = tableName('DatedConversionRate');

function corporateIso(store: Store): string | undefined {
  return (
    store.sql(`SELECT IsoCode FROM ${CT} WHERE IsCorporate = 1 AND IsDeleted = 0`).get() as
      { IsoCode: string } | undefined
  )?.IsoCode;
}

function checkRate(row: DbRow): void {
  const rate = row.ConversionRate as number;
  if (!(rate > 0) || rate > 1e12)
    throw new SalesforceError(
      'FIELD_INTEGRITY_EXCEPTION',
      `Conversion Rate: value outside of valid range on numeric field: ${rate}`,
      ['ConversionRate']
    );
}

export function installCurrencyRules(store: Store): void {
  store.db.exec(`CREATE INDEX IF NOT EXISTS dcr_iso_start ON ${DCR} (IsoCode, StartDate)`);
  store.db.exec(`CREATE INDEX IF NOT EXISTS ct_iso ON ${CT} (IsoCode)`);
  store.rules.set('CurrencyType', {
    beforeInsert(s, row) {
      checkRate(row);
      if (s.sql(`SELECT Id FROM ${CT} WHERE IsoCode = ? AND IsDeleted = 0`).get(row.IsoCode))
        throw new SalesforceError(
          'DUPLICATE_VALUE',
          `duplicate value found: IsoCode duplicates value on record with id: ${(s.sql(`SELECT Id FROM ${CT} WHERE IsoCode = ?`).get(row.IsoCode) as { Id: string }).Id}`,
          ['IsoCode']
        );
      if (row.IsCorporate === 1) {
        if (corporateIso(s))
          throw new SalesforceError(
            'FIELD_INTEGRITY_EXCEPTION',
            'Corporate Currency: an org has exactly one corporate currency',
            ['IsCorporate']
          );
        if (row.ConversionRate !== 1)
          throw new SalesforceError(
            'FIELD_INTEGRITY_EXCEPTION',
            'Conversion Rate: the corporate currency rate is always 1.0',
            ['ConversionRate']
          );
        row.IsActive = 1;
      }
    },
    beforeUpdate(_s, row, old) {
      checkRate(row);
      if (old.IsCorporate === 1 && row.IsActive !== 1)
        throw new SalesforceError('FIELD_INTEGRITY_EXCEPTION', 'Active: you cannot deactivate the corporate currency', [
          'IsActive'
        ]);
      if (old.IsCorporate === 1 && row.ConversionRate !== 1)
        throw new SalesforceError(
          'FIELD_INTEGRITY_EXCEPTION',
          'Conversion Rate: the corporate currency rate is always 1.0',
          ['ConversionRate']
        );
    },
    afterWrite(s, row, kind) {
      // With ACM on, a new currency starts with one open-ended dated period at its static rate.
      if (kind === 'insert' && row.IsActive === 1)
        s.insert(
          'DatedConversionRate',
          { IsoCode: row.IsoCode, ConversionRate: row.ConversionRate, StartDate: FIRST_START_DATE },
          { system: true }
        );
    }
  });
  store.rules.set('DatedConversionRate', {
    beforeInsert(s, row) {
      checkRate(row);
      const corporate = corporateIso(s);
      if (row.IsoCode === corporate && row.ConversionRate !== 1)
        throw new SalesforceError(
          'FIELD_INTEGRITY_EXCEPTION',
          'Conversion Rate: the corporate currency rate is always 1.0',
          ['ConversionRate']
        );
      const dup = s.db
        .prepare(`SELECT Id FROM ${DCR} WHERE IsoCode = ? AND StartDate = ? AND IsDeleted = 0`)
        .get(row.IsoCode, row.StartDate) as { Id: string } | undefined;
      if (dup)
        throw new SalesforceError(
          'DUPLICATE_VALUE',
          `duplicate value found: IsoCode, StartDate duplicates value on record with id: ${dup.Id}`,
          ['IsoCode', 'StartDate']
        );
      const next = s.db
        .prepare(`SELECT MIN(StartDate) AS d FROM ${DCR} WHERE IsoCode = ? AND StartDate > ? AND IsDeleted = 0`)
        .get(row.IsoCode, row.StartDate) as { d: string | null };
      row.NextStartDate = next.d ?? OPEN_END_DATE;
    },
    beforeUpdate(s, row) {
      checkRate(row);
      if (row.IsoCode === corporateIso(s) && row.ConversionRate !== 1)
        throw new SalesforceError(
          'FIELD_INTEGRITY_EXCEPTION',
          'Conversion Rate: the corporate currency rate is always 1.0',
          ['ConversionRate']
        );
    },
    afterWrite(s, row, kind) {
      if (kind === 'update') return;
      const prev = s.db
        .prepare(
          `SELECT Id FROM ${DCR} WHERE IsoCode = ? AND StartDate < ? AND IsDeleted = 0 ORDER BY StartDate DESC LIMIT 1`
        )
        .get(row.IsoCode, row.StartDate) as { Id: string } | undefined;
      if (prev)
        s.db
          .prepare(`UPDATE ${DCR} SET NextStartDate = ? WHERE Id = ?`)
          .run(kind === 'insert' ? row.StartDate : row.NextStartDate, prev.Id);
    }
  });
}

export interface DatedRateInput {
  isoCode: string;
  startDate: string;
  conversionRate: number;
}

/**
 * Loads many dated rates at once (seeding, benchmarks) with the same rules as single inserts —
 * active IsoCode, positive rate, corporate rate 1, no duplicate IsoCode + StartDate — and then
 * recomputes NextStartDate for the currencies touched. Runs in one transaction.
 */
export function bulkLoadDatedRates(store: Store, rates: DatedRateInput[]): number {
  return store.transaction(() => {
    const active = new Set(
      (store.sql(`SELECT IsoCode FROM ${CT} WHERE IsActive = 1 AND IsDeleted = 0`).all() as { IsoCode: string }[]).map(
        (r) => r.IsoCode
      )
    );
    const corporate = corporateIso(store);
    const existing = new Set(
      (
        store.sql(`SELECT IsoCode || '|' || StartDate AS k FROM ${DCR} WHERE IsDeleted = 0`).all() as { k: string }[]
      ).map((r) => r.k)
    );
    const insert = store.sql(
      `INSERT INTO ${DCR} (Id, IsDeleted, CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp, IsoCode, ConversionRate, StartDate) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`
    );
    const now = store.clock.now().toISOString();
    const touched = new Set<string>();
    for (const r of rates) {
      if (!active.has(r.isoCode))
        throw new SalesforceError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `Currency ISO Code: bad value for restricted picklist field: ${r.isoCode}`,
          ['IsoCode']
        );
      checkRate({ ConversionRate: r.conversionRate });
      if (r.isoCode === corporate && r.conversionRate !== 1)
        throw new SalesforceError(
          'FIELD_INTEGRITY_EXCEPTION',
          'Conversion Rate: the corporate currency rate is always 1.0',
          ['ConversionRate']
        );
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.startDate))
        throw new SalesforceError('JSON_PARSER_ERROR', `Start Date: not a date: ${r.startDate}`, ['StartDate']);
      const key = `${r.isoCode}|${r.startDate}`;
      if (existing.has(key))
        throw new SalesforceError(
          'DUPLICATE_VALUE',
          `duplicate value found: IsoCode, StartDate duplicates value: ${key}`,
          ['IsoCode', 'StartDate']
        );
      existing.add(key);
      insert.run(
        store.nextId('04w'),
        now,
        store.userId || null,
        now,
        store.userId || null,
        now,
        r.isoCode,
        r.conversionRate,
        r.startDate
      );
      touched.add(r.isoCode);
    }
    const recompute = store.sql(
      `UPDATE ${DCR} SET NextStartDate = COALESCE((SELECT MIN(b.StartDate) FROM ${DCR} b WHERE b.IsoCode = ${DCR}.IsoCode AND b.StartDate > ${DCR}.StartDate AND b.IsDeleted = 0), '${OPEN_END_DATE}') WHERE IsoCode = ? AND IsDeleted = 0`
    );
    for (const iso of touched) recompute.run(iso);
    return rates.length;
  });
}
