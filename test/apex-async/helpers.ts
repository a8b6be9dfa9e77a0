/** Helpers for the asynchronous Apex tests: a local org with classes registered as a deploy would. */
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { systemFields } from '../../src/local-org/store/schema.js';
import { tableName } from '../../src/local-org/store/store.js';

/** A local org (clock 2026-03-10 UTC) with a custom object Note__c (Name) and the given classes. */
export async function orgWithClasses(classes: Record<string, string>): Promise<LocalOrg> {
  const org = await startLocalOrg({ clock: { now: '2026-03-10T12:00:00Z', timeZone: 'UTC' } });
  org.store.defineObject({
    name: 'Note__c',
    label: 'Note',
    labelPlural: 'Notes',
    keyPrefix: 'a01',
    custom: true,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    fields: [
      ...systemFields(),
      { name: 'Name', label: 'Name', type: 'string', length: 80, createable: true, updateable: true, nillable: true }
    ]
  });
  deployClasses(org, classes);
  return org;
}

export function notes(org: LocalOrg, prefix: string): string[] {
  return runSoql(org.store, `SELECT Name FROM Note__c WHERE Name LIKE '${prefix}%' ORDER BY Name`).records.map((r) =>
    String(r.Name)
  );
}

export function count(org: LocalOrg, soql: string): number {
  return runSoql(org.store, soql).totalSize;
}

/** Registers ApexClass rows the way the metadata deploy does (Name, Body, ApiVersion, Status). */
export function deployClasses(org: LocalOrg, classes: Record<string, string>): void {
  for (const [name, body] of Object.entries(classes))
    org.store.insert('ApexClass', { Name: name, Body: body, ApiVersion: 65, Status: 'Active' }, { system: true });
}

export async function run(org: LocalOrg, code: string): Promise<{ success: boolean; log: string; message?: string }> {
  const r = await org.apex!.executeAnonymous(code, { sessionId: org.accessToken });
  return { success: r.success, log: r.log ?? '', message: r.exceptionMessage ?? r.compileProblem };
}

export function userDebug(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => l.includes('|USER_DEBUG|'))
    .map((l) => l.slice(l.indexOf('|USER_DEBUG|') + '|USER_DEBUG|'.length).replace(/^\[\d+\]\|DEBUG\|/, ''));
}

export function job(org: LocalOrg, id: string): Record<string, unknown> {
  return org.store.retrieve('AsyncApexJob', id);
}

/**
 * The stored events of a platform event type, in ReplayId order: the event bus's rows (SOQL cannot read
 * platform events, as in an org).
 */
export function eventRows(org: LocalOrg, type: string): Record<string, unknown>[] {
  return org.store.sql(`SELECT * FROM ${tableName(type)} ORDER BY CAST(ReplayId AS INTEGER)`).all() as Record<
    string,
    unknown
  >[];
}
