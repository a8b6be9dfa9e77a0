/**
 * The store behind the Apex runtime's data-layer seam (`src/local-org/apex/data-layer.ts`): SOQL with
 * bind variables, DML with allOrNone on savepoints, describe, custom metadata, the
 * running user, and transactions. REST handlers and Apex thus share one copy of the data.
 * `SELECT COUNT() …` answers one AggregateResult row whose `expr0` is the count.
 */
import type { ApexDataLayer, DataRecord, DmlOperation, DmlRowResult, RunningUser } from '../apex/data-layer.js';
import { apexDescribe, apexSObjectTypes } from './apex-describe.js';
import { SalesforceError } from '../store/errors.js';
import { runSoql, splitAllRows } from '../store/soql/query.js';
import { runSosl } from '../store/sosl/search.js';
import { getMetadata } from '../metadata/registry.js';
import { storedComponents } from '../metadata/files.js';
import { asArray, text } from '../metadata/xml.js';
import type { ApiRecord, Store, WriteOptions } from '../store/store.js';

class RolledBack extends Error {}

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [] as string[]
};

export interface DataLayerOptions {
  /** The session id UserInfo.getSessionId() reports (the runtime decides when it is null). */
  sessionId?: () => string | null;
}

/** A savepoint used outside its transaction, or one this data layer did not create. */
export class SavepointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SavepointError';
  }
}

export function createStoreDataLayer(store: Store, opts: DataLayerOptions = {}): ApexDataLayer {
  let savepoints = 0;
  const typeOf = (rec: DataRecord): string => {
    const t = rec.attributes?.type;
    if (typeof t === 'string') return t;
    const id = rec.Id ?? rec.id;
    const def = typeof id === 'string' ? store.schema.byKeyPrefix(id.slice(0, 3)) : undefined;
    if (!def)
      throw new SalesforceError(
        'INVALID_TYPE',
        'the record has no sObject type (attributes.type) and no Id to infer it from'
      );
    return def.name;
  };
  const idOf = (rec: DataRecord): string | undefined => {
    const id = rec.Id ?? rec.id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  };
  const fields = (rec: DataRecord): ApiRecord => {
    const out: ApiRecord = {};
    for (const [k, v] of Object.entries(rec))
      if (k !== 'attributes' && k.toLowerCase() !== 'id' && (v === null || typeof v !== 'object')) out[k] = v;
    return out;
  };
  const one = (
    op: DmlOperation,
    rec: DataRecord,
    externalIdField: string | undefined,
    as: WriteOptions
  ): { id: string; created?: boolean } => {
    const type = typeOf(rec);
    const id = idOf(rec);
    switch (op) {
      case 'insert':
        if (id)
          throw new SalesforceError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
        return { id: store.insert(type, fields(rec), as) };
      case 'update':
        if (!id) throw new SalesforceError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        store.update(type, id, fields(rec), as);
        return { id };
      case 'delete':
        if (!id) throw new SalesforceError('MISSING_ARGUMENT', 'Id not specified in a delete call', ['Id']);
        store.delete(type, id);
        return { id };
      case 'undelete':
        if (!id) throw new SalesforceError('MISSING_ARGUMENT', 'Id not specified in an undelete call', ['Id']);
        store.undelete(type, id);
        return { id };
      case 'upsert': {
        let existing = id;
        if (!existing && externalIdField && externalIdField.toLowerCase() !== 'id') {
          const value = rec[externalIdField];
          const field = store.schema.field(type, externalIdField);
          if (!field || !(field.externalId || field.unique || field.name === 'Id'))
            throw new SalesforceError(
              'INVALID_FIELD',
              `Invalid field for upsert, must be an External Id custom or standard indexed field: ${externalIdField}`,
              [externalIdField]
            );
          const found = runSoql(store, `SELECT Id FROM ${type} WHERE ${field.name} = :v`, {
            binds: { v: value }
          }).records;
          if (found.length > 1)
            throw new SalesforceError(
              'DUPLICATE_EXTERNAL_ID',
              `${field.label}: more than one record found for external id field: ${String(value)}`,
              [field.name]
            );
          existing = found[0]?.Id as string | undefined;
        }
        if (existing) {
          store.update(type, existing, fields(rec), as);
          return { id: existing, created: false };
        }
        return { id: store.insert(type, fields(rec), as), created: true };
      }
    }
  };
  return {
    query(soql, binds) {
      // Apex's `ALL ROWS` (deleted and archived rows too) is not SOQL text the API parses: taken off here.
      const { soql: text, allRows } = splitAllRows(soql);
      const r = runSoql(store, text, {
        binds: { ...binds },
        includeDeleted: allRows,
        emptyChildLists: true,
        implicitId: true
      });
      if (r.countOnly) return [{ attributes: { type: 'AggregateResult' }, expr0: r.totalSize }];
      return r.records as DataRecord[];
    },
    search(sosl, binds, fixedIds) {
      return runSosl(store, sosl, { binds: { ...binds }, fixedIds, emptyChildLists: true }) as {
        object: string;
        records: DataRecord[];
      }[];
    },
    dml(op, records, options) {
      const results: DmlRowResult[] = [];
      const as: WriteOptions = options.userId ? { userId: options.userId } : {};
      try {
        store.transaction(() => {
          for (const rec of records) {
            try {
              const r = store.transaction(() => one(op, rec, options.externalIdField, as));
              results.push({ success: true, id: r.id, ...(op === 'upsert' ? { created: r.created } : {}), errors: [] });
            } catch (e) {
              if (!(e instanceof SalesforceError)) throw e;
              results.push({
                success: false,
                id: op === 'insert' ? null : (idOf(rec) ?? null),
                errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields }]
              });
            }
          }
          if (options.allOrNone && results.some((r) => !r.success)) throw new RolledBack();
        });
      } catch (e) {
        if (!(e instanceof RolledBack)) throw e;
        return results.map((r) =>
          r.success ? { success: false, id: op === 'insert' ? null : r.id, errors: [ROLLED_BACK] } : r
        );
      }
      return results;
    },
    mergeInto(type, masterId, duplicateIds) {
      const reparented: string[] = [];
      const target = store.object(type).name;
      store.transaction(() => {
        for (const def of store.schema.all().filter((d) => d.queryable && !d.platformEvent))
          for (const f of def.fields) {
            const refers =
              f.type === 'reference' && f.referenceTo?.some((r) => r.toLowerCase() === target.toLowerCase());
            if (!refers || (def.name === target && f.name === 'MasterRecordId')) continue;
            const children = runSoql(store, `SELECT Id FROM ${def.name} WHERE ${f.name} IN :ids`, {
              binds: { ids: [...duplicateIds] }
            }).records;
            for (const c of children) {
              store.update(def.name, String(c.Id), { [f.name]: masterId }, { system: true });
              reparented.push(String(c.Id));
            }
          }
        for (const id of duplicateIds) store.update(target, id, { MasterRecordId: masterId }, { system: true });
      });
      return { reparented };
    },
    describe: (sObjectType) => apexDescribe(store, sObjectType),
    sObjectTypes: () => apexSObjectTypes(store),
    customMetadata(typeName) {
      const def = store.schema.get(typeName);
      if (!def || !def.customMetadata) return [];
      return runSoql(store, `SELECT ${def.fields.map((f) => f.name).join(', ')} FROM ${def.name}`)
        .records as DataRecord[];
    },
    staticResource(name) {
      const c = storedComponents(store, 'StaticResource', name)[0];
      return c?.files.find((f) => !f.path.endsWith('-meta.xml'))?.data ?? null;
    },
    customLabel(name) {
      const labels = getMetadata(store, 'CustomLabels', 'CustomLabels')?.content as Record<string, unknown> | undefined;
      const wanted = name.toLowerCase();
      const found = asArray(labels?.labels as Record<string, unknown> | Record<string, unknown>[]).find(
        (l) => String(text(l.fullName) ?? '').toLowerCase() === wanted
      );
      return found ? (text(found.value) ?? '') : null;
    },
    currentUser: () => runningUser(store, store.userId, opts.sessionId ? opts.sessionId() : null),
    runInTransaction: (body) => store.transaction(body),
    setSavepoint() {
      if (!store.db.inTransaction)
        throw new SavepointError('Database.setSavepoint() needs an open transaction (runInTransaction)');
      const name = `apex_sp_${++savepoints}`;
      store.lockForWrite(); // a savepoint means writes to come: the lock first (Store.lockForWrite)
      store.db.exec(`SAVEPOINT ${name}`);
      return { name };
    },
    rollbackToSavepoint(savepoint) {
      const name = (savepoint as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !/^apex_sp_\d+$/.test(name))
        throw new SavepointError('not a savepoint of this data layer');
      try {
        store.db.exec(`ROLLBACK TO ${name}`);
      } catch (e) {
        throw new SavepointError(
          `the savepoint is no longer valid in this transaction (${e instanceof Error ? e.message : String(e)})`
        );
      }
    }
  };
}

/** The running user `id` as Apex sees it (UserInfo, the user's time zone, locale and currency). */
export function runningUser(store: Store, id: string, sessionId: string | null): RunningUser {
  const u = store.retrieve('User', id);
  const multiCurrency =
    runSoql(store, 'SELECT IsMultiCurrencyEnabled FROM Organization').records[0]?.IsMultiCurrencyEnabled === true;
  const corporate = (): string | null =>
    (runSoql(store, 'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true').records[0]?.IsoCode as
      string | undefined) ?? null;
  return {
    id,
    username: String(u.Username),
    name: String(u.Name ?? `${String(u.FirstName ?? '')} ${String(u.LastName)}`.trim()),
    organizationId: store.orgId,
    timeZone: String(u.TimeZoneSidKey ?? store.clock.timeZone),
    locale: String(u.LocaleSidKey ?? 'en_US'),
    sessionId,
    profileId: typeof u.ProfileId === 'string' ? u.ProfileId : null,
    defaultCurrency: multiCurrency
      ? typeof u.DefaultCurrencyIsoCode === 'string'
        ? u.DefaultCurrencyIsoCode
        : corporate()
      : null,
    multiCurrencyOrganization: multiCurrency
  };
}
