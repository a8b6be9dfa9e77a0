/**
 * Records in SQLite (better-sqlite3): one table per sObject type, built from the schema registry.
 * In memory by default, or a file for --data-dir. Every write goes through `insert`/`update`/`delete`,
 * which validate like the platform and run the object's rules; `transaction` wraps a unit of work
 * (nested calls become savepoints), so a failed request never leaves half its writes behind.
 */
import { duplicateSql, duplicateValue, uniqueIndexSql } from './unique-values.js';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Clock } from './clock.js';
import { SalesforceError, invalidType, notFound } from './errors.js';
import { isId, makeId, normalizeId } from './ids.js';
import { SchemaRegistry, type FieldDef, type ObjectDef } from './schema.js';
import { standardObjects } from './standard-objects.js';
import { fromDb, sqlType, toDb, toDbDateTime, type DbValue } from './values.js';

export type ApiRecord = Record<string, unknown>;
export type DbRow = Record<string, DbValue>;

export interface WriteOptions {
  /** Platform-internal write (seed, runtime): skips createable/updateable checks. */
  system?: boolean;
  /**
   * The user the write is made as (CreatedById, LastModifiedById, the default OwnerId) when it is not the
   * org's own user: Apex in `System.runAs` or a platform event trigger's running user.
   */
  userId?: string;
}

/** Object-specific platform rules (e.g. Advanced Currency Management). */
export interface ObjectRules {
  beforeInsert?(store: Store, row: DbRow): void;
  beforeUpdate?(store: Store, row: DbRow, old: DbRow): void;
  beforeDelete?(store: Store, old: DbRow): void;
  afterWrite?(store: Store, row: DbRow, kind: 'insert' | 'update' | 'delete'): void;
}

export const tableName = (objectName: string): string => `"o_${objectName.toLowerCase()}"`;
export const col = (name: string): string => `"${name.replace(/"/g, '')}"`;

/** How a file-backed store opens its SQLite file (docs/local-org.md, "Apex off the event loop"). */
export interface StoreFileOptions {
  /** `OFF` for a private temporary file (nothing to keep after a crash); `FULL` (default) for --data-dir. */
  readonly synchronous?: 'OFF' | 'FULL';
  /** How long a write waits for another connection's write lock (SQLite busy timeout; default 5 s). */
  readonly busyTimeoutMs?: number;
  /**
   * Begin every outermost transaction with the write lock (`BEGIN IMMEDIATE`): the HTTP thread's
   * transactions are short and may run DDL (deploys), which `lockForWrite` cannot see. An Apex worker's
   * transactions begin deferred and take the lock before their first write (`lockForWrite`).
   */
  readonly immediate?: boolean;
}

export class Store {
  readonly db: Database.Database;
  readonly schema = new SchemaRegistry();
  readonly rules = new Map<string, ObjectRules>();
  userId = '';
  orgId = '';

  constructor(
    readonly clock: Clock = new Clock(),
    readonly file?: string,
    fileOptions: StoreFileOptions = {}
  ) {
    this.db = new Database(file ?? ':memory:', { timeout: fileOptions.busyTimeoutMs ?? 5000 });
    this.immediate = fileOptions.immediate ?? false;
    if (file) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${fileOptions.synchronous ?? 'FULL'}`);
    }
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS _counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);' +
        'CREATE TABLE IF NOT EXISTS _objects (name TEXT PRIMARY KEY, def TEXT NOT NULL);' +
        'CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);'
    );
    for (const def of standardObjects()) this.defineObject(def, false);
    for (const row of this.sql('SELECT def FROM _objects').all() as { def: string }[])
      this.defineObject(JSON.parse(row.def) as ObjectDef, false);
    this.orgId = this.getMeta('orgId') ?? '';
    this.userId = this.getMeta('userId') ?? '';
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, cached by its SQL text (preparing costs more than running simple ones). */
  sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(text, st);
    }
    return st;
  }

  getMeta(key: string): string | undefined {
    return (this.sql('SELECT value FROM _meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.lockForWrite();
    this.db
      .prepare('INSERT INTO _meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  /** Registers (or extends) an sObject type and creates or alters its table. */
  defineObject(def: ObjectDef, persist = true): void {
    this.statements.clear();
    const existing = this.schema.get(def.name);
    if (existing) {
      for (const field of def.fields) this.defineField(def.name, field, false);
    } else {
      this.schema.add(def);
      const cols = def.fields.map((fd) => `${col(fd.name)} ${sqlType(fd)}${fd.name === 'Id' ? ' PRIMARY KEY' : ''}`);
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${tableName(def.name)} (${cols.join(', ')})`);
      const have = new Set(
        (this.sql(`PRAGMA table_info(${tableName(def.name)})`).all() as { name: string }[]).map((c) =>
          c.name.toLowerCase()
        )
      );
      for (const fd of def.fields)
        if (!have.has(fd.name.toLowerCase()))
          this.db.exec(`ALTER TABLE ${tableName(def.name)} ADD COLUMN ${col(fd.name)} ${sqlType(fd)}`);
    }
    for (const fd of def.fields) if (fd.unique) this.indexUnique(def.name, fd);
    if (persist && def.custom) this.persistObject(def.name);
  }

  defineField(objectName: string, field: FieldDef, persist = true): void {
    this.statements.clear();
    const had = this.schema.field(objectName, field.name) !== undefined;
    this.schema.addField(objectName, field);
    if (!had) this.db.exec(`ALTER TABLE ${tableName(objectName)} ADD COLUMN ${col(field.name)} ${sqlType(field)}`);
    if (field.unique) this.indexUnique(objectName, field);
    if (persist) this.persistObject(objectName);
  }

  /** DUPLICATE_VALUE when a unique field of `row` repeats another live record's value (unique-values.ts). */
  private checkUnique(def: ObjectDef, row: DbRow): void {
    for (const field of def.fields) {
      const value = field.unique ? row[field.name] : null;
      if (value === null || value === undefined || value === '') continue;
      const other = this.sql(duplicateSql(tableName(def.name), col(field.name), field)).get(value, row.Id ?? '') as
        { Id: string } | undefined;
      if (other) throw duplicateValue(field, other.Id);
    }
  }

  /** An index for the duplicate check of a unique field (unique-values.ts). */
  private indexUnique(objectName: string, field: FieldDef): void {
    this.db.exec(uniqueIndexSql(tableName(objectName), col(field.name), `${objectName}_${field.name}`));
  }

  private persistObject(name: string): void {
    const def = this.schema.get(name)!;
    this.db
      .prepare('INSERT INTO _objects (name, def) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET def = excluded.def')
      .run(def.name, JSON.stringify(def));
  }

  object(name: string): ObjectDef {
    const def = this.schema.get(name);
    if (!def) throw invalidType(name);
    return def;
  }

  nextId(keyPrefix: string): string {
    this.lockForWrite();
    const row = this.db
      .prepare(
        'INSERT INTO _counters (prefix, n) VALUES (?, 1) ON CONFLICT(prefix) DO UPDATE SET n = n + 1 RETURNING n'
      )
      .get(keyPrefix) as { n: number };
    return makeId(keyPrefix, row.n);
  }

  /** Nesting depth inside the outermost transaction (0: directly in it). */
  private nesting = 0;
  /** SQLite's total_changes() when the outermost transaction began. */
  private changesAtBegin = 0;

  private totalChanges(): number {
    return (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  /** Whether the open transaction holds SQLite's write lock (taken by `lockForWrite`). */
  private writeLocked = false;
  private readonly immediate: boolean;

  /**
   * Takes the write lock before the open transaction's first write. Other connections to the same file
   * (the HTTP thread's, an Apex worker's) may commit while this transaction has only read; SQLite's
   * WAL would then refuse the upgrade to a writer (SQLITE_BUSY_SNAPSHOT). Nothing has been written yet,
   * so the read-only part is committed and the transaction goes on as `BEGIN IMMEDIATE`, which waits
   * for the lock: reads are "read committed" up to the first write, as SOQL in an org reads committed
   * data, and serialized from there on. A no-op outside a transaction, on a memory store, or when
   * already locked.
   */
  lockForWrite(): void {
    if (!this.file || this.writeLocked || !this.db.inTransaction) return;
    if (this.nesting === 0 && this.totalChanges() === this.changesAtBegin) {
      this.db.exec('COMMIT');
      this.db.exec('BEGIN IMMEDIATE');
    }
    this.writeLocked = true;
  }

  /** Runs `fn` atomically; nested calls are savepoints. */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) {
      this.lockForWrite();
      this.nesting += 1;
      try {
        return this.db.transaction(fn)();
      } finally {
        this.nesting -= 1;
      }
    }
    const outer = this.db.transaction(() => {
      this.nesting = 0;
      this.writeLocked = this.immediate && this.file !== undefined;
      this.changesAtBegin = this.totalChanges();
      return fn();
    });
    return this.immediate && this.file ? outer.immediate() : outer();
  }

  /** Whether `independently` can run work in a transaction of its own here (see there). */
  canRunIndependently(): boolean {
    return !this.db.inTransaction || (this.nesting === 0 && this.totalChanges() === this.changesAtBegin);
  }

  /**
   * Runs `fn` as a transaction of its own that stays committed whatever the enclosing transaction does
   * afterwards — as a request an Apex callout sends to the org's own API is processed in a transaction of
   * its own. That needs an enclosing transaction with nothing to lose: directly in the outermost
   * transaction and no row written yet (Apex itself refuses a callout after DML or a savepoint: "You
   * have uncommitted work pending"). The enclosing transaction is committed (empty) and a new one begun
   * after `fn`. Check `canRunIndependently()` first: otherwise `fn` runs inside the enclosing transaction.
   */
  independently<T>(fn: () => T): T {
    if (!this.db.inTransaction || !this.canRunIndependently()) return fn();
    this.db.exec('COMMIT');
    try {
      return fn();
    } finally {
      this.db.exec(this.immediate && this.file ? 'BEGIN IMMEDIATE' : 'BEGIN');
      this.nesting = 0;
      this.writeLocked = this.immediate && this.file !== undefined;
      this.changesAtBegin = this.totalChanges();
    }
  }

  private convertInput(def: ObjectDef, values: ApiRecord, kind: 'insert' | 'update', opts: WriteOptions): DbRow {
    const row: DbRow = {};
    const readOnly: string[] = [];
    for (const [key, value] of Object.entries(values)) {
      if (key === 'attributes' || (key === 'Id' && (kind === 'update' || opts.system))) continue;
      const field = this.schema.field(def.name, key);
      if (!field || (key === 'Id' && kind === 'insert')) {
        throw new SalesforceError('INVALID_FIELD', `No such column '${key}' on sobject of type ${def.name}`, [], 400);
      }
      if (!opts.system && (kind === 'insert' ? !field.createable : !field.updateable)) {
        readOnly.push(field.name);
        continue;
      }
      row[field.name] = toDb(field, value, { system: opts.system });
      if (field.type === 'reference' && row[field.name] !== null) this.checkReference(field, row[field.name] as string);
      this.checkPicklist(field, row[field.name]);
    }
    if (readOnly.length > 0)
      throw new SalesforceError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly
      );
    return row;
  }

  private checkReference(field: FieldDef, id: string): void {
    const target = this.schema.byKeyPrefix(id.slice(0, 3));
    const ok = target && (field.referenceTo ?? []).some((t) => t.toLowerCase() === target.name.toLowerCase());
    if (!ok || !this.sql(`SELECT 1 FROM ${tableName(target.name)} WHERE Id = ? AND IsDeleted = 0`).get(id))
      throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
  }

  /** The picklist values a restricted picklist accepts now (active currencies for currency fields). */
  picklistValues(field: FieldDef): string[] {
    if (field.activeCurrencyPicklist)
      return (
        this.db
          .prepare(
            `SELECT IsoCode FROM ${tableName('CurrencyType')} WHERE IsActive = 1 AND IsDeleted = 0 ORDER BY IsoCode`
          )
          .all() as { IsoCode: string }[]
      ).map((r) => r.IsoCode);
    return (field.picklistValues ?? []).filter((p) => p.active).map((p) => p.value);
  }

  private checkPicklist(field: FieldDef, value: DbValue): void {
    if (!field.restrictedPicklist || value === null) return;
    const ok = field.activeCurrencyPicklist
      ? this.sql(`SELECT 1 FROM ${tableName('CurrencyType')} WHERE IsoCode = ? AND IsActive = 1 AND IsDeleted = 0`).get(
          String(value)
        ) !== undefined
      : this.picklistValues(field).includes(String(value));
    if (!ok)
      throw new SalesforceError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${field.label}: bad value for restricted picklist field: ${String(value)}`,
        [field.name]
      );
  }

  insert(objectName: string, values: ApiRecord, opts: WriteOptions = {}): string {
    this.lockForWrite();
    const def = this.object(objectName);
    if (!opts.system && (!def.createable || def.customMetadata))
      throw new SalesforceError('INVALID_TYPE_FOR_OPERATION', `entity type ${def.name} does not support insert`);
    const row = this.convertInput(def, values, 'insert', opts);
    const now = toDbDateTime(this.clock.now());
    const id =
      typeof values.Id === 'string' && opts.system && isId(values.Id)
        ? normalizeId(values.Id)
        : this.nextId(def.keyPrefix);
    Object.assign(row, { Id: id, IsDeleted: 0, CreatedDate: now, LastModifiedDate: now, SystemModstamp: now });
    const userId = opts.userId ?? this.userId;
    row.CreatedById ??= userId || null;
    row.LastModifiedById ??= userId || null;
    if (userId && this.schema.field(def.name, 'OwnerId') && (row.OwnerId === undefined || row.OwnerId === null))
      row.OwnerId = userId; // owner defaults to the creator
    if (def.platformEvent) {
      // The event bus position of a published event: ReplayId increases per event type; EventUuid
      // identifies the message ("Platform Event Fields", platform_events_define_ui.htm).
      row.ReplayId = String(this.bumpCounter(`replay:${def.name}`));
      row.EventUuid ??= randomUUID();
      // The stream's tip as its subscribers see it (EventBusSubscriber.Tip).
      this.sql(`UPDATE ${tableName('EventBusSubscriber')} SET Tip = ? WHERE lower(Topic) = lower(?)`).run(
        Number(row.ReplayId),
        def.name
      );
    }
    const missing: string[] = [];
    for (const field of def.fields) {
      if (row[field.name] === undefined || row[field.name] === null) {
        if (field.autoNumber) row[field.name] = this.autoNumber(def, field);
        else if (field.defaultValue !== undefined && field.defaultValue !== null)
          row[field.name] = toDb(field, field.defaultValue);
        else if (!field.nillable && !field.calculated && field.type !== 'boolean') missing.push(field.name);
      }
    }
    if (missing.length > 0)
      throw new SalesforceError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing
      );
    const rules = this.rules.get(def.name);
    rules?.beforeInsert?.(this, row);
    this.checkUnique(def, row);
    const names = Object.keys(row);
    this.db
      .prepare(
        `INSERT INTO ${tableName(def.name)} (${names.map(col).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`
      )
      .run(...names.map((n) => row[n]));
    rules?.afterWrite?.(this, row, 'insert');
    return id;
  }

  private autoNumber(def: ObjectDef, field: FieldDef): string {
    const n = this.bumpCounter(`auto:${def.name}.${field.name}`);
    return field.autoNumber!.replace(/\{(0+)\}/, (_m, zeros: string) => String(n).padStart(zeros.length, '0'));
  }

  private bumpCounter(key: string): number {
    return (
      this.db
        .prepare(
          'INSERT INTO _counters (prefix, n) VALUES (?, 1) ON CONFLICT(prefix) DO UPDATE SET n = n + 1 RETURNING n'
        )
        .get(key) as { n: number }
    ).n;
  }

  /** The stored row (SQLite form) of a live record, or undefined. */
  row(objectName: string, id: string): DbRow | undefined {
    if (!isId(id)) return undefined;
    return this.db
      .prepare(`SELECT * FROM ${tableName(this.object(objectName).name)} WHERE Id = ? AND IsDeleted = 0`)
      .get(normalizeId(id)) as DbRow | undefined;
  }

  private mustRow(def: ObjectDef, id: string): DbRow {
    if (!isId(id) || !this.schema.byKeyPrefix(id.slice(0, 3)))
      throw new SalesforceError('MALFORMED_ID', `Record ID: id value of incorrect type: ${id}`, ['Id']);
    const row = this.row(def.name, id);
    if (!row) throw new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    return row;
  }

  update(objectName: string, id: string, values: ApiRecord, opts: WriteOptions = {}): void {
    this.lockForWrite();
    const def = this.object(objectName);
    if (!opts.system && (!def.updateable || def.customMetadata))
      throw new SalesforceError('INVALID_TYPE_FOR_OPERATION', `entity type ${def.name} does not support update`);
    const old = this.mustRow(def, id);
    const changes = this.convertInput(def, values, 'update', opts);
    const now = toDbDateTime(this.clock.now());
    Object.assign(changes, {
      LastModifiedDate: now,
      SystemModstamp: now,
      LastModifiedById: (opts.userId ?? this.userId) || null
    });
    const row = { ...old, ...changes };
    const missing = def.fields
      .filter((fd) => !fd.nillable && !fd.calculated && fd.type !== 'boolean' && (row[fd.name] ?? null) === null)
      .map((fd) => fd.name);
    if (missing.length > 0)
      throw new SalesforceError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing
      );
    const rules = this.rules.get(def.name);
    rules?.beforeUpdate?.(this, row, old);
    this.checkUnique(def, row);
    const names = Object.keys(row).filter((n) => n !== 'Id');
    this.db
      .prepare(`UPDATE ${tableName(def.name)} SET ${names.map((n) => `${col(n)} = ?`).join(', ')} WHERE Id = ?`)
      .run(...names.map((n) => row[n]), old.Id);
    rules?.afterWrite?.(this, row, 'update');
  }

  delete(objectName: string, id: string, opts: WriteOptions = {}): void {
    this.lockForWrite();
    const def = this.object(objectName);
    if (!opts.system && !def.deletable)
      throw new SalesforceError('INVALID_TYPE_FOR_OPERATION', `entity type ${def.name} does not support delete`);
    const old = this.mustRow(def, id);
    const rules = this.rules.get(def.name);
    rules?.beforeDelete?.(this, old);
    const now = toDbDateTime(this.clock.now());
    this.db
      .prepare(`UPDATE ${tableName(def.name)} SET IsDeleted = 1, SystemModstamp = ? WHERE Id = ?`)
      .run(now, old.Id);
    rules?.afterWrite?.(this, { ...old, IsDeleted: 1 }, 'delete');
  }

  /** Restores a soft-deleted record (Apex `undelete`). */
  undelete(objectName: string, id: string): void {
    this.lockForWrite();
    const def = this.object(objectName);
    if (!isId(id)) throw new SalesforceError('MALFORMED_ID', `Record ID: id value of incorrect type: ${id}`, ['Id']);
    const old = this.sql(`SELECT * FROM ${tableName(def.name)} WHERE Id = ? AND IsDeleted = 1`).get(normalizeId(id)) as
      DbRow | undefined;
    if (!old) throw new SalesforceError('UNDELETE_FAILED', 'Entity is not in the recycle bin', []);
    const rules = this.rules.get(def.name);
    rules?.beforeInsert?.(this, { ...old, IsDeleted: 0 });
    this.sql(`UPDATE ${tableName(def.name)} SET IsDeleted = 0, SystemModstamp = ? WHERE Id = ?`).run(
      toDbDateTime(this.clock.now()),
      old.Id
    );
    rules?.afterWrite?.(this, { ...old, IsDeleted: 0 }, 'insert');
  }

  /** A record in API form (no `attributes`), limited to `fields` when given. */
  retrieve(objectName: string, id: string, fields?: string[]): ApiRecord {
    const def = this.object(objectName);
    const row = isId(id) ? this.row(def.name, id) : undefined;
    if (!row) throw notFound('The requested resource does not exist');
    const out: ApiRecord = {};
    const wanted = fields && fields.length > 0 ? fields : def.fields.map((fd) => fd.name);
    for (const name of wanted) {
      const field = this.schema.field(def.name, name);
      if (!field) throw new SalesforceError('INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
      out[field.name] = fromDb(field, row[field.name]);
    }
    return out;
  }

  /** Drops every record, deployed object and stored metadata (the control API's reset); callers re-install rules. */
  clear(): void {
    this.transaction(() => {
      const tables = this.sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'o\\_%' ESCAPE '\\' OR name LIKE '\\_%' ESCAPE '\\')"
      ).all() as { name: string }[];
      for (const t of tables) this.db.exec(`DROP TABLE "${t.name}"`);
      this.statements.clear();
      this.schema.restore([]);
      this.db.exec(
        'CREATE TABLE _counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);' +
          'CREATE TABLE _objects (name TEXT PRIMARY KEY, def TEXT NOT NULL);' +
          'CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);'
      );
      for (const def of standardObjects()) this.defineObject(def, false);
    });
    this.orgId = '';
    this.userId = '';
  }

  /**
   * Follows the schema of another connection to the same file (the HTTP thread's, after a deploy or a
   * reset): the object definitions, and the org and user ids it keeps in `_meta`.
   */
  adoptSchema(defs: readonly ObjectDef[]): void {
    this.statements.clear();
    this.schema.restore(structuredClone([...defs]));
    this.orgId = this.getMeta('orgId') ?? '';
    this.userId = this.getMeta('userId') ?? '';
  }

  close(): void {
    this.db.close();
  }
}
