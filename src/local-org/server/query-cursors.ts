/** Query result paging: `nextRecordsUrl` cursors over a materialised result (bounded in number). */
import { randomBytes } from 'node:crypto';
import type { ApiRecord } from '../store/store.js';

interface Cursor {
  records: ApiRecord[];
  totalSize: number;
  batchSize: number;
}

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly maxCursors = 200) {}

  /** The first page, registering a cursor when more remain. */
  firstPage(
    records: ApiRecord[],
    batchSize: number,
    baseUrl: string
  ): { done: boolean; nextRecordsUrl?: string; records: ApiRecord[] } {
    if (records.length <= batchSize) return { done: true, records };
    const id = `01g${randomBytes(8).toString('hex').slice(0, 15)}`;
    if (this.cursors.size >= this.maxCursors) this.cursors.delete(this.cursors.keys().next().value!);
    this.cursors.set(id, { records, totalSize: records.length, batchSize });
    return { done: false, nextRecordsUrl: `${baseUrl}/${id}-${batchSize}`, records: records.slice(0, batchSize) };
  }

  /** A later page, from the `<cursor>-<offset>` locator; undefined when unknown or expired. */
  page(
    locator: string,
    baseUrl: string
  ): { totalSize: number; done: boolean; nextRecordsUrl?: string; records: ApiRecord[] } | undefined {
    const m = /^(01g[0-9a-f]+)-(\d+)$/.exec(locator);
    if (!m) return undefined;
    const cursor = this.cursors.get(m[1]);
    if (!cursor) return undefined;
    const start = Number(m[2]);
    const end = start + cursor.batchSize;
    const records = cursor.records.slice(start, end);
    const done = end >= cursor.totalSize;
    if (done) this.cursors.delete(m[1]);
    return {
      totalSize: cursor.totalSize,
      done,
      records,
      ...(done ? {} : { nextRecordsUrl: `${baseUrl}/${m[1]}-${end}` })
    };
  }

  clear(): void {
    this.cursors.clear();
  }
}
