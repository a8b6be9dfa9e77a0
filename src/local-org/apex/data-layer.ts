/**
 * What the Apex runtime needs from the local org's data layer. The runtime never touches the store
 * directly: the server wires an implementation of this interface (backed by src/local-org/store) in.
 * Records cross this seam as plain objects keyed by field API name (any case); the runtime wraps them.
 */

/** A record as the data layer sees it: field API name → JSON-like value (string, number, boolean, null, nested). */
export type DataRecord = Record<string, unknown> & { attributes?: { type: string } };

/** Result of one row of a DML operation, in the shape of Database.SaveResult / DeleteResult / UpsertResult. */
export interface DmlRowResult {
  readonly success: boolean;
  readonly id: string | null;
  /** For upsert: true when the row was created. */
  readonly created?: boolean;
  readonly errors: readonly { statusCode: string; message: string; fields: readonly string[] }[];
}

export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete';

export interface FieldDescribe {
  readonly name: string;
  readonly type: string;
  readonly label: string;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  /** Decimal places of number, currency and percent fields. */
  readonly scale?: number;
  // The rest of DescribeFieldResult (Schema.describe… in Apex); unset reads as the REST describe's default.
  /** Maximum characters of text fields (0 for other types). */
  readonly length?: number;
  /** Total digits of number, currency and percent fields (0 for other types). */
  readonly precision?: number;
  readonly filterable?: boolean;
  readonly sortable?: boolean;
  readonly groupable?: boolean;
  readonly custom?: boolean;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string | null;
  readonly picklistValues?: readonly { value: string; label: string; active: boolean; defaultValue: boolean }[];
  readonly defaultValue?: string | number | boolean | null;
  readonly unique?: boolean;
  readonly externalId?: boolean;
  readonly calculated?: boolean;
  readonly autoNumber?: boolean;
  readonly nameField?: boolean;
}

/** A relationship from a child object's lookup field to the described object. */
export interface ChildRelationshipDescribe {
  readonly childSObject: string;
  readonly field: string;
  readonly relationshipName: string | null;
}

export interface SObjectDescribe {
  readonly name: string;
  readonly label: string;
  readonly keyPrefix: string | null;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  readonly queryable: boolean;
  readonly custom: boolean;
  readonly fields: readonly FieldDescribe[];
  readonly labelPlural?: string;
  /** A custom setting: Hierarchy or List (its static methods: library/custom-settings.ts). */
  readonly customSetting?: 'Hierarchy' | 'List';
  readonly childRelationships?: readonly ChildRelationshipDescribe[];
}

export interface RunningUser {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly organizationId: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly sessionId: string | null;
  readonly profileId: string | null;
  /** The user's DefaultCurrencyIsoCode (null when the org is not multi-currency). */
  readonly defaultCurrency: string | null;
  /** Whether the org has multiple currencies enabled. */
  readonly multiCurrencyOrganization: boolean;
}

export interface ApexDataLayer {
  /**
   * Runs SOQL. `binds` maps the names used as `:name` in the text to JS values (arrays for IN lists).
   * Inline SOQL `[SELECT … WHERE x = :expr]` arrives with each bind rewritten to `:bind0`, `:bind1`, ….
   * Field values are JSON-like (dates as "yyyy-MM-dd", datetimes as ISO strings); the runtime types them by
   * `describe`. For `SELECT COUNT() FROM …` return one record `{ expr0: <count> }`.
   */
  query(soql: string, binds: Readonly<Record<string, unknown>>): DataRecord[];
  /**
   * Runs SOSL (the text after `[`, binds as for `query`): one list per RETURNING object, in order.
   * `fixedIds` (an Apex test's Test.setFixedSearchResults, empty when unset) replaces text matching.
   */
  search?(
    sosl: string,
    binds: Readonly<Record<string, unknown>>,
    fixedIds?: readonly string[]
  ): { object: string; records: DataRecord[] }[];
  /** DML over the records, one result per row. With allOrNone, the implementation must write nothing on failure. */
  dml(
    op: DmlOperation,
    records: readonly DataRecord[],
    options: {
      allOrNone: boolean;
      externalIdField?: string;
      /** The running user when it is not the org's own (System.runAs, a platform event trigger's user). */
      userId?: string;
    }
  ): DmlRowResult[];
  /**
   * The system part of a merge (Database.merge): every record that looks up a duplicate through a reference
   * field (its MasterRecordId excepted) is reparented to the master, and each duplicate's MasterRecordId is set;
   * no triggers, no access checks. Returns the reparented records' Ids. The caller deletes the duplicates.
   */
  mergeInto?(type: string, masterId: string, duplicateIds: readonly string[]): { reparented: string[] };
  /** Describe of an object, or null when the org has no such object. */
  describe(sObjectType: string): SObjectDescribe | null;
  /** The API names of every sObject type the org has (Schema.getGlobalDescribe()). */
  sObjectTypes?(): string[];
  /** Custom metadata records of a type (`X__mdt`), each with DeveloperName and its fields. */
  customMetadata(typeName: string): DataRecord[];
  /** The body of a deployed static resource (Test.loadData), or null when the org has none of that name. */
  staticResource?(name: string): Buffer | null;
  /** A deployed custom label's value (`Label.Name`), or null when the org has no such label. */
  customLabel?(name: string): string | null;
  currentUser(): RunningUser;
  /**
   * Runs `body` as one database transaction: if it throws, every write made inside is rolled back
   * (an Apex transaction that ends in an unhandled exception commits nothing).
   */
  runInTransaction<T>(body: () => T): T;
  /** Database.setSavepoint(): marks the current state of the transaction; returns an opaque handle. */
  setSavepoint(): unknown;
  /** Database.rollback(sp): undoes every write made after the savepoint (the savepoint stays usable). */
  rollbackToSavepoint(savepoint: unknown): void;
}
