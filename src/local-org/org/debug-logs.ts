/**
 * Debug logs as an org keeps them: when an active TraceFlag (Tooling API) traces the running user, each
 * Apex transaction leaves an ApexLog row, and its raw text is served by
 * `GET /services/data/vNN.0[/tooling]/sobjects/ApexLog/<id>/Body`. New logs are announced to listeners
 * (the Streaming API's `/systemTopic/Logging`, which `sf apex tail log` subscribes to).
 * ApexLog: https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_apexlog.htm
 * TraceFlag: https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-traceflag.html
 */
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';

/** Log types a trace flag on a user can have that produce debug logs for that user's transactions. */
const USER_LOG_TYPES = ['DEVELOPER_LOG', 'USER_DEBUG'];

export interface TransactionLog {
  userId: string;
  /** What ran, e.g. `APEXSOAP` (anonymous Apex over the API), `BatchApex`, `Queueable`. */
  operation: string;
  /** `API` for requests received from the API, `Application` for the org's own work. */
  request: 'API' | 'Application';
  /** `Success`, or the unhandled exception's text. */
  status: string;
  startMs: number;
  endMs: number;
  body: string;
}

export type LogListener = (logId: string, userId: string) => void;

export class DebugLogs {
  private readonly listeners = new Set<LogListener>();

  constructor(private readonly store: Store) {}

  private ensureTable(): void {
    this.store.db.exec('CREATE TABLE IF NOT EXISTS _apexlog_bodies (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
  }

  /** True when an unexpired TraceFlag of a user log type traces the user now (org clock). */
  isTraced(userId: string): boolean {
    if (!userId) return false;
    const now = this.store.clock.now().toISOString();
    const flags = runSoql(
      this.store,
      'SELECT StartDate, ExpirationDate FROM TraceFlag WHERE TracedEntityId = :u AND LogType IN :types',
      { binds: { u: userId, types: USER_LOG_TYPES } }
    ).records;
    return flags.some((f) => {
      const start = f.StartDate ? new Date(String(f.StartDate).replace(/\+0000$/, 'Z')).toISOString() : null;
      const end = new Date(String(f.ExpirationDate).replace(/\+0000$/, 'Z')).toISOString();
      return (start === null || start <= now) && now < end;
    });
  }

  /** Records the transaction's log when a trace flag applies; returns the ApexLog id, or null. */
  record(t: TransactionLog): string | null {
    if (!this.isTraced(t.userId)) return null;
    this.ensureTable();
    const id = this.store.transaction(() => {
      const logId = this.store.insert(
        'ApexLog',
        {
          LogUserId: t.userId,
          LogLength: Buffer.byteLength(t.body, 'utf8'),
          Operation: t.operation.slice(0, 128),
          Request: t.request,
          Status: t.status.slice(0, 255),
          StartTime: new Date(t.startMs).toISOString(),
          DurationMilliseconds: Math.max(0, Math.round(t.endMs - t.startMs)),
          Application: 'Unknown',
          Location: 'Monitoring'
        },
        { system: true }
      );
      this.store.db.prepare('INSERT INTO _apexlog_bodies (id, body) VALUES (?, ?)').run(logId, t.body);
      return logId;
    });
    for (const l of this.listeners) l(id, t.userId);
    return id;
  }

  /** The raw text of a log, or undefined when there is no such (undeleted) log. */
  body(logId: string): string | undefined {
    this.ensureTable();
    const log = this.store.row('ApexLog', logId);
    if (!log) return undefined;
    const row = this.store.db.prepare('SELECT body FROM _apexlog_bodies WHERE id = ?').get(log.Id) as
      { body: string } | undefined;
    return row?.body ?? '';
  }

  onLog(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The debug-log text of an async transaction (batch phase, queueable) from its USER_DEBUG entries. */
export function asyncLogBody(
  apiVersion: string,
  startMs: number,
  unit: string,
  lines: readonly string[],
  fatal: string | null
): string {
  const ts = new Date(startMs).toISOString().slice(11, 23);
  const stamp = `${ts} (0)`;
  const out = [
    `${apiVersion} APEX_CODE,DEBUG;APEX_PROFILING,INFO;DB,INFO;SYSTEM,DEBUG`,
    `${stamp}|EXECUTION_STARTED`,
    `${stamp}|CODE_UNIT_STARTED|[EXTERNAL]|${unit}`,
    ...lines.map((l) => `${stamp}|${l}`),
    ...(fatal ? [`${stamp}|FATAL_ERROR|${fatal}`] : []),
    `${stamp}|CODE_UNIT_FINISHED|${unit}`,
    `${stamp}|EXECUTION_FINISHED`
  ];
  return `${out.join('\n')}\n`;
}
