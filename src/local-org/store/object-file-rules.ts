/**
 * The platform rules of the standard objects defined by files (object-files.ts): compound names filled
 * from their parts, and the record currency defaulted to the user's (else the corporate) currency. Kept
 * apart from the file reader so that the schema (standard-objects.ts, which store.ts loads) does not
 * depend back on the store.
 */
import { objectFiles } from './object-files.js';
import { tableName, type DbRow, type Store } from './store.js';

/** Platform-filled values of file objects: compound names and the record currency. */
export function installObjectFileRules(store: Store): void {
  for (const o of objectFiles()) {
    if (!o.currency && !o.compoundName) continue;
    const fill = (s: Store, row: DbRow): void => {
      if (o.compoundName)
        row.Name = o.compoundName
          .map((n) => row[n])
          .filter((v) => v !== null && v !== undefined && v !== '')
          .join(' ');
    };
    const existing = store.rules.get(o.name) ?? {};
    store.rules.set(o.name, {
      ...existing,
      beforeInsert(s, row) {
        if (o.currency && (row.CurrencyIsoCode === null || row.CurrencyIsoCode === undefined))
          row.CurrencyIsoCode = userCurrency(s, typeof row.CreatedById === 'string' ? row.CreatedById : s.userId);
        fill(s, row);
        existing.beforeInsert?.(s, row);
      },
      beforeUpdate(s, row, old) {
        fill(s, row);
        existing.beforeUpdate?.(s, row, old);
      }
    });
  }
}

/** The creating user's default currency, else the corporate currency (multi-currency orgs). */
function userCurrency(store: Store, userId: string): string | null {
  const user = userId
    ? (store.sql(`SELECT DefaultCurrencyIsoCode FROM ${tableName('User')} WHERE Id = ?`).get(userId) as
        { DefaultCurrencyIsoCode: string | null } | undefined)
    : undefined;
  if (user?.DefaultCurrencyIsoCode) return user.DefaultCurrencyIsoCode;
  const corp = store
    .sql(`SELECT IsoCode FROM ${tableName('CurrencyType')} WHERE IsCorporate = 1 AND IsDeleted = 0`)
    .get() as { IsoCode: string } | undefined;
  return corp?.IsoCode ?? null;
}
