/**
 * Sessions: OAuth authorization codes, access tokens (`00D…!…`, expiring) and refresh tokens
 * (revocable). Kept in SQLite so a --data-dir org keeps its sessions across restarts.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

function randomText(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export interface Session {
  userId: string;
  expiresAt: number;
  /** The client app the token or code was issued to. */
  clientId?: string;
  /** For an authorization code: the redirect_uri it was issued for. */
  redirectUri?: string;
}

const TOKENS_DDL =
  'CREATE TABLE IF NOT EXISTS _tokens (token TEXT PRIMARY KEY, kind TEXT NOT NULL, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, client_id TEXT, redirect_uri TEXT)';

export class Sessions {
  constructor(
    private readonly store: Store,
    public accessTokenTtlSeconds = 7200
  ) {
    this.ensureTable();
  }

  private ensureTable(): void {
    this.store.db.exec(TOKENS_DDL);
    // Orgs kept with --data-dir before codes remembered their redirect_uri.
    const cols = this.store.db.prepare('PRAGMA table_info(_tokens)').all() as { name: string }[];
    if (!cols.some((c) => c.name === 'redirect_uri'))
      this.store.db.exec('ALTER TABLE _tokens ADD COLUMN redirect_uri TEXT');
  }

  private now(): number {
    return this.store.clock.now().getTime();
  }

  private put(
    kind: string,
    userId: string,
    token: string,
    ttlMs: number,
    clientId?: string,
    redirectUri?: string
  ): string {
    this.store.db
      .prepare(
        'INSERT INTO _tokens (token, kind, user_id, expires_at, client_id, redirect_uri) VALUES (?, ?, ?, ?, ?, ?)'
      )
      .run(token, kind, userId, this.now() + ttlMs, clientId ?? null, redirectUri ?? null);
    return token;
  }

  issueAccessToken(userId = this.store.userId): string {
    return this.put(
      'access',
      userId,
      `${this.store.orgId.slice(0, 15)}!AQ${randomText(94)}`,
      this.accessTokenTtlSeconds * 1000
    );
  }

  issueRefreshToken(userId = this.store.userId, clientId?: string): string {
    return this.put('refresh', userId, `5Aep${randomText(83)}`, 10 * 365 * 86400_000, clientId);
  }

  issueCode(userId: string, clientId: string, redirectUri: string): string {
    return this.put('code', userId, `aPrx${randomText(60)}`, 15 * 60_000, clientId, redirectUri);
  }

  private find(kind: string, token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const row = this.store.db
      .prepare('SELECT user_id, expires_at, revoked, client_id, redirect_uri FROM _tokens WHERE token = ? AND kind = ?')
      .get(token, kind) as
      | {
          user_id: string;
          expires_at: number;
          revoked: number;
          client_id: string | null;
          redirect_uri: string | null;
        }
      | undefined;
    if (!row || row.revoked || row.expires_at <= this.now()) return undefined;
    return {
      userId: row.user_id,
      expiresAt: row.expires_at,
      clientId: row.client_id ?? undefined,
      redirectUri: row.redirect_uri ?? undefined
    };
  }

  validateAccessToken(token: string | undefined): Session | undefined {
    return this.find('access', token);
  }

  validateRefreshToken(token: string | undefined): Session | undefined {
    return this.find('refresh', token);
  }

  /** Consumes a one-time authorization code. */
  redeemCode(code: string | undefined): Session | undefined {
    const s = this.find('code', code);
    if (s) this.store.db.prepare('UPDATE _tokens SET revoked = 1 WHERE token = ?').run(code);
    return s;
  }

  /** Revokes one access or refresh token; returns 0 when there is no such live token. */
  revokeToken(token: string): number {
    if (!token) return 0;
    return this.store.db
      .prepare("UPDATE _tokens SET revoked = 1 WHERE token = ? AND kind IN ('access', 'refresh') AND revoked = 0")
      .run(token).changes;
  }

  /** Revokes one token, or every token of a kind ('access' | 'refresh' | 'all'): control API only. Returns the count. */
  revoke(what: { token?: string; kind?: 'access' | 'refresh' | 'all' }): number {
    if (what.token !== undefined) return this.revokeToken(what.token);
    if (what.kind === 'all')
      return this.store.db.prepare("UPDATE _tokens SET revoked = 1 WHERE kind IN ('access', 'refresh')").run().changes;
    return this.store.db.prepare('UPDATE _tokens SET revoked = 1 WHERE kind = ?').run(what.kind ?? 'access').changes;
  }

  /** Forgets every session (after a reset dropped the table, re-creates it). */
  clear(): void {
    this.ensureTable();
    this.store.db.exec('DELETE FROM _tokens');
  }
}
