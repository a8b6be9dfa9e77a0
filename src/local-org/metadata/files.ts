/**
 * The deployed files of every component, byte for byte, with the component's id and dates: what
 * `listMetadata` reports and `retrieve` zips back. Any type of source-deploy-retrieve's registry is kept,
 * whether or not the local org interprets it (the parsed form stays in `_metadata`, registry.ts).
 */
import type { Store } from '../store/store.js';

export interface StoredComponent {
  type: string;
  fullName: string;
  id: string;
  createdDate: string;
  lastModifiedDate: string;
  files: { path: string; data: Buffer }[];
}

function ensureTables(store: Store): void {
  store.db.exec(
    'CREATE TABLE IF NOT EXISTS _metadata_components (type TEXT NOT NULL, full_name TEXT NOT NULL, id TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL, PRIMARY KEY (type, full_name));' +
      'CREATE TABLE IF NOT EXISTS _metadata_files (type TEXT NOT NULL, full_name TEXT NOT NULL, path TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (type, full_name, path))'
  );
}

/** Stores (or replaces) a deployed component's files; keeps its first deploy's id and creation date. */
export function putMetadataFiles(
  store: Store,
  type: string,
  fullName: string,
  recordId: string | undefined,
  files: readonly { path: string; raw: Buffer }[]
): void {
  ensureTables(store);
  const now = store.clock.now().toISOString();
  const old = store.db
    .prepare('SELECT id FROM _metadata_components WHERE type = ? AND full_name = ?')
    .get(type, fullName) as { id: string } | undefined;
  const id = recordId ?? old?.id ?? store.nextId('000');
  store.db
    .prepare(
      'INSERT INTO _metadata_components (type, full_name, id, created, modified) VALUES (?, ?, ?, ?, ?) ON CONFLICT(type, full_name) DO UPDATE SET id = excluded.id, modified = excluded.modified'
    )
    .run(type, fullName, id, now, now);
  store.db.prepare('DELETE FROM _metadata_files WHERE type = ? AND full_name = ?').run(type, fullName);
  const insert = store.db.prepare('INSERT INTO _metadata_files (type, full_name, path, data) VALUES (?, ?, ?, ?)');
  for (const f of files) insert.run(type, fullName, f.path, f.raw);
}

type Row = { type: string; full_name: string; id: string; created: string; modified: string };

function withFiles(store: Store, rows: Row[]): StoredComponent[] {
  const files = store.db.prepare(
    'SELECT path, data FROM _metadata_files WHERE type = ? AND full_name = ? ORDER BY path'
  );
  return rows.map((r) => ({
    type: r.type,
    fullName: r.full_name,
    id: r.id,
    createdDate: r.created,
    lastModifiedDate: r.modified,
    files: (files.all(r.type, r.full_name) as { path: string; data: Buffer }[]).map((f) => ({
      path: f.path,
      data: Buffer.from(f.data)
    }))
  }));
}

/** Deployed components of a type (case-insensitive), optionally one full name; sorted by full name. */
export function storedComponents(store: Store, type: string, fullName?: string): StoredComponent[] {
  ensureTables(store);
  const rows = (
    fullName === undefined
      ? store.db
          .prepare('SELECT * FROM _metadata_components WHERE type = ? COLLATE NOCASE ORDER BY full_name')
          .all(type)
      : store.db
          .prepare('SELECT * FROM _metadata_components WHERE type = ? COLLATE NOCASE AND full_name = ? COLLATE NOCASE')
          .all(type, fullName)
  ) as Row[];
  return withFiles(store, rows);
}
