/**
 * `System.runAs(user) { … }` in test methods: the block runs with the given user as the running user
 * (UserInfo, the data layer's current user, whom the block's writes are made as: running-user.ts). `System.runAs(Version)` (package versions) is
 * not supported. https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_tools_runas.htm
 */
import type { ApexDataLayer, RunningUser } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import { ApexSObject, type Value } from '../values.js';
import { inDmlScope } from '../library/mixed-dml.js';
import { actingAs } from '../running-user.js';
import { currentTestContext } from './context.js';

/** A data layer whose current user is the innermost System.runAs user of the running test. */
export function withRunAsUser(base: ApexDataLayer): ApexDataLayer {
  return actingAs(base, () => currentTestContext()?.runAsUsers.at(-1) ?? null);
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The runtimeProbes.runAs implementation. */
export function runAs<T>(base: ApexDataLayer, it: Interpreter, args: readonly Value[], body: () => T): T {
  const t = currentTestContext();
  if (!t) return it.throwUnsupported('System.runAs outside an Apex test method');
  const u = args[0];
  if (args.length === 1 && u === null) return it.npe();
  if (args.length !== 1 || !(u instanceof ApexSObject) || u.type.toLowerCase() !== 'user') {
    return it.throwUnsupported('System.runAs with an argument other than a User (package versions)');
  }
  const id = text(u.get('Id'));
  if (!id) return it.throwUnsupported('System.runAs with a User that has no Id (insert the user first)');
  const rows = base.query(
    'SELECT Id, Username, FirstName, LastName, TimeZoneSidKey, LocaleSidKey, ProfileId, DefaultCurrencyIsoCode FROM User WHERE Id = :id',
    { id }
  );
  const row = rows[0];
  if (!row) return it.throwApex('QueryException', `System.runAs: no User with Id ${id}`);
  const outer = base.currentUser();
  const user: RunningUser = {
    id: String(row.Id),
    username: String(row.Username),
    name: [text(row.FirstName), text(row.LastName)].filter(Boolean).join(' '),
    organizationId: outer.organizationId,
    timeZone: text(row.TimeZoneSidKey) ?? outer.timeZone,
    locale: text(row.LocaleSidKey) ?? outer.locale,
    sessionId: outer.sessionId,
    profileId: text(row.ProfileId),
    defaultCurrency: outer.multiCurrencyOrganization
      ? (text(row.DefaultCurrencyIsoCode) ?? outer.defaultCurrency)
      : null,
    multiCurrencyOrganization: outer.multiCurrencyOrganization
  };
  t.runAsUsers.push(user);
  try {
    return inDmlScope(it, body);
  } finally {
    t.runAsUsers.pop();
  }
}
