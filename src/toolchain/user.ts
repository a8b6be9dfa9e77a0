/** The running user of a connection. */
import type { Connection } from '@salesforce/core';
import { ToolchainError } from './errors.js';
import { soqlString } from './format.js';

export type RunningUser = { Id: string; Username: string; TimeZoneSidKey: string | null };

/** Reads the user record of `username` (its Id and time zone). */
export async function queryRunningUser(connection: Connection, username: string): Promise<RunningUser> {
  const result = await connection.query<RunningUser>(
    `SELECT Id, Username, TimeZoneSidKey FROM User WHERE Username = ${soqlString(username)} LIMIT 1`
  );
  const user = result.records[0];
  if (!user) {
    throw new ToolchainError(`The org has no active user named ${username}.`, {
      actions: ['Log in again: sf org login web --alias <alias>']
    });
  }
  return user;
}
