/** Assigning the DatedRatesAdmin permission set to the running user (once). */
import type { Connection } from '@salesforce/core';
import { PermissionError, ToolchainError, toToolchainError } from './errors.js';
import { soqlString } from './format.js';
import { NAMES } from './names.js';

export type AssignmentOutcome = { changed: boolean; permissionSetId: string; assignmentId?: string };

/**
 * @throws ToolchainError when the permission set is not deployed
 * @throws PermissionError when the user may not assign permission sets
 */
export async function assignPermissionSet(
  connection: Connection,
  userId: string,
  name: string = NAMES.permissionSet
): Promise<AssignmentOutcome> {
  const sets = await connection.query<{ Id: string }>(
    `SELECT Id FROM PermissionSet WHERE Name = ${soqlString(name)} LIMIT 1`
  );
  const permissionSetId = sets.records[0]?.Id;
  if (!permissionSetId) {
    throw new ToolchainError(`The permission set ${name} is not in the org.`, {
      actions: ['Deploy first: npm run deploy -- -o <org>']
    });
  }
  const existing = await connection.query<{ Id: string }>(
    `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)} AND PermissionSetId = ${soqlString(permissionSetId)} LIMIT 1`
  );
  if (existing.records[0]) return { changed: false, permissionSetId, assignmentId: existing.records[0].Id };
  try {
    const saved = await connection
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: userId, PermissionSetId: permissionSetId });
    if (!saved.success) {
      const errors = (saved as { errors?: Array<{ message?: string } | string> }).errors ?? [];
      throw new Error(errors.map((e) => (typeof e === 'string' ? e : (e.message ?? ''))).join('; ') || 'unknown error');
    }
    return { changed: true, permissionSetId, assignmentId: saved.id };
  } catch (error) {
    const mapped = toToolchainError(error);
    if (mapped instanceof PermissionError) {
      throw new PermissionError(
        `the user cannot assign the permission set ${name}`,
        ['Ask an admin to assign it: Setup > Permission Sets.'],
        error
      );
    }
    throw mapped;
  }
}
