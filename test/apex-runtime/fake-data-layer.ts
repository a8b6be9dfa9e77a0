/** An in-memory ApexDataLayer for runtime tests: a few standard objects, naive SOQL, DML with rollback. */
import type { RuntimeCollaborators } from '../../src/local-org/apex/collaborators.js';
import type {
  ApexDataLayer,
  DataRecord,
  DmlOperation,
  DmlRowResult,
  RunningUser,
  SObjectDescribe
} from '../../src/local-org/apex/data-layer.js';

const OBJECTS: Record<string, { prefix: string; required: string[] }> = {
  Account: { prefix: '001', required: ['Name'] },
  Contact: { prefix: '003', required: ['LastName'] },
  User: { prefix: '005', required: [] },
  CurrencyType: { prefix: '02W', required: [] }
};

export class FakeDataLayer implements ApexDataLayer {
  tables = new Map<string, DataRecord[]>();
  queries: { soql: string; binds: Record<string, unknown> }[] = [];
  clock = Date.UTC(2026, 10, 28, 12, 0, 0);
  private seq = 1;

  describe(name: string): SObjectDescribe | null {
    if (this.metadata.has(name.toLowerCase())) {
      const type = String(this.metadata.get(name.toLowerCase())![0].attributes?.type);
      return {
        name: type,
        label: type,
        keyPrefix: 'm00',
        createable: false,
        updateable: false,
        deletable: false,
        queryable: true,
        custom: true,
        fields: []
      };
    }
    const key = Object.keys(OBJECTS).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) return null;
    return {
      name: key,
      label: key,
      keyPrefix: OBJECTS[key].prefix,
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
      custom: false,
      fields: [
        { name: 'Id', type: 'id', label: 'Record ID', nillable: false, createable: false, updateable: false },
        {
          name: 'CreatedDate',
          type: 'datetime',
          label: 'Created Date',
          nillable: false,
          createable: false,
          updateable: false
        },
        {
          name: 'Name',
          type: 'string',
          label: 'Name',
          nillable: key !== 'Account',
          createable: true,
          updateable: true
        },
        {
          name: 'NumberOfEmployees',
          type: 'int',
          label: 'Employees',
          nillable: true,
          createable: true,
          updateable: true
        },
        {
          name: 'LastActivityDate',
          type: 'date',
          label: 'Last Activity',
          nillable: true,
          createable: true,
          updateable: true
        },
        {
          name: 'AnnualRevenue',
          type: 'currency',
          label: 'Annual Revenue',
          nillable: true,
          createable: true,
          updateable: true,
          scale: 2
        }
      ]
    };
  }

  /** Understands `SELECT fields FROM X [WHERE Field = :bind]`; enough to test the runtime's plumbing. */
  query(soql: string, binds: Readonly<Record<string, unknown>>): DataRecord[] {
    this.queries.push({ soql, binds: { ...binds } });
    const m = /select\s+(.+?)\s+from\s+(\w+)(?:\s+where\s+(\w+)\s*=\s*:(\w+))?/i.exec(soql);
    if (!m) throw new Error(`fake data layer cannot run: ${soql}`);
    if (/^count\(\s*\)$/i.test(m[1])) {
      const all = (this.tables.get(m[2].toLowerCase()) ?? []).filter((r) => !m[3] || r[m[3]] === binds[m[4]]);
      return [{ expr0: all.length }];
    }
    const fields = m[1].split(',').map((f) => f.trim());
    const rows = (this.tables.get(m[2].toLowerCase()) ?? []).filter((r) => !m[3] || r[m[3]] === binds[m[4]]);
    return rows.map((r) => {
      const out: DataRecord = { attributes: { type: String(r.attributes?.type) } };
      for (const f of fields) out[f] = r[f] ?? null;
      return out;
    });
  }

  dml(op: DmlOperation, records: readonly DataRecord[], o: { allOrNone: boolean }): DmlRowResult[] {
    const writes: (() => void)[] = [];
    const results = records.map((r): DmlRowResult => {
      const type = String(r.attributes?.type);
      const meta = OBJECTS[type];
      const missing = meta?.required.filter((f) => r[f] === undefined || r[f] === null) ?? [];
      if (op === 'insert' && missing.length) {
        const message = `Required fields are missing: [${missing.join(', ')}]`;
        return {
          success: false,
          id: null,
          errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message, fields: missing }]
        };
      }
      const table = this.tables.get(type.toLowerCase()) ?? [];
      this.tables.set(type.toLowerCase(), table);
      if (op === 'insert') {
        const id = (meta?.prefix ?? 'a00') + String(this.seq++).padStart(12, '0') + 'AAA';
        writes.push(() => table.push({ ...r, Id: id }));
        return { success: true, id, errors: [] };
      }
      const existing = table.find((x) => x.Id === r.Id);
      if (!existing) {
        return {
          success: false,
          id: null,
          errors: [{ statusCode: 'INVALID_ID_FIELD', message: 'invalid id', fields: [] }]
        };
      }
      writes.push(() => (op === 'delete' ? table.splice(table.indexOf(existing), 1) : Object.assign(existing, r)));
      return { success: true, id: String(r.Id), errors: [] };
    });
    if (!o.allOrNone || results.every((r) => r.success)) writes.forEach((w) => w());
    return results;
  }

  /** Custom metadata records by type (lower-cased type name). */
  metadata = new Map<string, DataRecord[]>([
    [
      'widget_setting__mdt',
      [
        { attributes: { type: 'Widget_Setting__mdt' }, DeveloperName: 'Default', Size__c: 200, Label: 'Default' },
        { attributes: { type: 'Widget_Setting__mdt' }, DeveloperName: 'Small', Size__c: 10, Label: 'Small' }
      ]
    ]
  ]);

  customMetadata(type: string): DataRecord[] {
    return this.metadata.get(type.toLowerCase()) ?? [];
  }
  now(): number {
    return this.clock;
  }
  orgTimeZone(): string {
    return 'America/Los_Angeles';
  }
  currentUser(): RunningUser {
    return {
      id: '005000000000001AAA',
      username: 'admin@example.com',
      name: 'Ada Admin',
      organizationId: '00D000000000001AAA',
      timeZone: 'America/Los_Angeles',
      locale: 'en_US',
      sessionId: 'SESSION',
      profileId: '00e000000000001AAA',
      defaultCurrency: 'USD',
      multiCurrencyOrganization: true
    };
  }
  setSavepoint(): unknown {
    return new Map([...this.tables].map(([k, v]) => [k, v.map((r) => ({ ...r }))]));
  }
  rollbackToSavepoint(sp: unknown): void {
    const snapshot = sp as Map<string, DataRecord[]>;
    this.tables = new Map([...snapshot].map(([k, v]) => [k, v.map((r) => ({ ...r }))]));
  }
  runInTransaction<T>(body: () => T): T {
    const snapshot = new Map([...this.tables].map(([k, v]) => [k, v.map((r) => ({ ...r }))]));
    try {
      return body();
    } catch (e) {
      this.tables = snapshot;
      throw e;
    }
  }
}

/** The runtime's collaborators over a fake data layer, which also serves as the org clock. */
export function fakeOrg(data: FakeDataLayer = new FakeDataLayer()): RuntimeCollaborators {
  return { data, clock: data };
}
