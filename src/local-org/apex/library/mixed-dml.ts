/**
 * Mixed DML: DML on a setup object (User, PermissionSet, …) and on a non-setup object in one transaction
 * fails with MIXED_DML_OPERATION ("sObjects That Cannot Be Used Together in DML Operations",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_dml_non_mix_sobjects.htm).
 * A User insert with no UserRoleId, or a User update that changes none of UserRoleId, IsActive,
 * ForecastEnabled, IsPortalEnabled, Username, ProfileId, mixes freely. Deletes are not restricted.
 * In Apex tests, each System.runAs block is a scope of its own (testing/run-as.ts), which is how tests
 * separate the two kinds ("Using the runAs Method").
 */
import type { DmlOperation } from '../data-layer.js';
import type { Interpreter } from '../interpreter.js';
import type { ApexSObject } from '../values.js';

/** The setup objects of the page above (the ones a local org can have). */
const SETUP_OBJECTS = new Set(
  [
    'FieldPermissions',
    'Group',
    'GroupMember',
    'ObjectPermissions',
    'PermissionSet',
    'PermissionSetAssignment',
    'QueueSObject',
    'SetupEntityAccess',
    'Territory',
    'Territory2',
    'Territory2Model',
    'User',
    'UserRole',
    'UserTerritory',
    'UserTerritory2Association'
  ].map((n) => n.toLowerCase())
);
const USER_SETUP_FIELDS = ['UserRoleId', 'IsActive', 'ForecastEnabled', 'IsPortalEnabled', 'Username', 'ProfileId'];

interface Scope {
  setup?: string;
  nonSetup?: string;
}
const scopes = new WeakMap<object, Scope[]>();

function scopeOf(it: Interpreter): Scope {
  let stack = scopes.get(it.transaction);
  if (!stack) scopes.set(it.transaction, (stack = [{}]));
  return stack[stack.length - 1];
}

/** Runs `body` as a fresh mixed-DML scope (a System.runAs block). */
export function inDmlScope<T>(it: Interpreter, body: () => T): T {
  scopeOf(it);
  const stack = scopes.get(it.transaction)!;
  stack.push({});
  try {
    return body();
  } finally {
    stack.pop();
  }
}

/** Whether a User row's DML counts as setup DML (see the file comment). */
function userIsSetupDml(it: Interpreter, op: DmlOperation, row: ApexSObject): boolean {
  if (op === 'insert') return row.get('UserRoleId') !== null;
  const id = row.get('Id');
  const present = USER_SETUP_FIELDS.filter((f) => row.fields.has(f.toLowerCase()));
  if (typeof id !== 'string' || !present.length) return op === 'upsert' && row.get('UserRoleId') !== null;
  const known = new Set(it.data.describe('User')?.fields.map((f) => f.name.toLowerCase()) ?? []);
  const fields = present.filter((f) => known.has(f.toLowerCase()));
  if (!fields.length) return false;
  const stored = it.data.query(`SELECT ${fields.join(', ')} FROM User WHERE Id = :id`, { id })[0];
  if (!stored) return false;
  const lower = Object.fromEntries(Object.entries(stored).map(([k, v]) => [k.toLowerCase(), v]));
  return fields.some((f) => String(lower[f.toLowerCase()] ?? null) !== String(row.get(f)));
}

/**
 * The MIXED_DML_OPERATION error for this DML, or null (then the DML's kind is remembered for the scope).
 */
export function mixedDmlRefusal(
  it: Interpreter,
  op: DmlOperation,
  rows: readonly ApexSObject[]
): { statusCode: string; message: string; fields: string[] } | null {
  if (op === 'delete' || !rows.length) return null;
  const type = rows[0].type;
  const isSetup =
    SETUP_OBJECTS.has(type.toLowerCase()) &&
    (type.toLowerCase() !== 'user' || rows.some((r) => userIsSetupDml(it, op, r)));
  const scope = scopeOf(it);
  const other = isSetup ? scope.nonSetup : scope.setup;
  if (other)
    return {
      statusCode: 'MIXED_DML_OPERATION',
      message: `DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): ${type}, original object: ${other}`,
      fields: []
    };
  if (isSetup) scope.setup ??= type;
  else if (!SETUP_OBJECTS.has(type.toLowerCase())) scope.nonSetup ??= type;
  return null;
}
