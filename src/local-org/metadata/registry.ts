/**
 * Deployed metadata that has no table of its own (credentials, auth providers, settings, LWC, tabs…),
 * kept as parsed XML by type and full name. The Apex runtime reads Named/External Credentials here.
 */
import type { Store } from '../store/store.js';

export interface MetadataComponent {
  type: string;
  fullName: string;
  fileName: string;
  /** The parsed XML (root element's content), or the raw text for non-XML files. */
  content: unknown;
}

function ensureTable(store: Store): void {
  store.db.exec(
    'CREATE TABLE IF NOT EXISTS _metadata (type TEXT NOT NULL, full_name TEXT NOT NULL, file_name TEXT NOT NULL, content TEXT NOT NULL, PRIMARY KEY (type, full_name))'
  );
}

export function putMetadata(store: Store, c: MetadataComponent): boolean {
  ensureTable(store);
  const existed =
    store.db.prepare('SELECT 1 FROM _metadata WHERE type = ? AND full_name = ?').get(c.type, c.fullName) !== undefined;
  store.db
    .prepare(
      'INSERT INTO _metadata (type, full_name, file_name, content) VALUES (?, ?, ?, ?) ON CONFLICT(type, full_name) DO UPDATE SET file_name = excluded.file_name, content = excluded.content'
    )
    .run(c.type, c.fullName, c.fileName, JSON.stringify(c.content));
  return !existed;
}

export function getMetadata(store: Store, type: string, fullName: string): MetadataComponent | undefined {
  ensureTable(store);
  const row = store.db
    .prepare('SELECT type, full_name, file_name, content FROM _metadata WHERE type = ? AND full_name = ?')
    .get(type, fullName) as { type: string; full_name: string; file_name: string; content: string } | undefined;
  return row
    ? { type: row.type, fullName: row.full_name, fileName: row.file_name, content: JSON.parse(row.content) as unknown }
    : undefined;
}

export function listMetadata(store: Store, type: string): MetadataComponent[] {
  ensureTable(store);
  const rows = store.db
    .prepare('SELECT type, full_name, file_name, content FROM _metadata WHERE type = ? ORDER BY full_name')
    .all(type) as {
    type: string;
    full_name: string;
    file_name: string;
    content: string;
  }[];
  return rows.map((r) => ({
    type: r.type,
    fullName: r.full_name,
    fileName: r.file_name,
    content: JSON.parse(r.content) as unknown
  }));
}
