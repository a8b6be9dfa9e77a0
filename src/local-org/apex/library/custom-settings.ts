/**
 * Custom settings' static methods (Apex Reference, "Custom Settings Methods",
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_custom_settings.htm):
 * - list settings: `getAll()` (a map by data set name, case kept), `getInstance(name)` and `getValues(name)`
 *   (the data set, or null);
 * - hierarchy settings: `getInstance()` / `getInstance(userOrProfileId)` — the record of the lowest level
 *   (user, then profile, then organization) with the fields it leaves empty filled from the levels above; when
 *   that level has no record, a new one (Id null, SetupOwnerId the user or profile) with the merged fields;
 *   `getValues(id)` — the record of exactly that user, profile or organization, or null; `getOrgDefaults()` —
 *   the organization's record, or an empty one.
 * The records are read from the data layer without counting against the SOQL limits (the platform serves them
 * from its application cache).
 */
import type { Interpreter } from '../interpreter.js';
import { ApexMap, ApexSObject, typeRef, valueKey, type Value } from '../values.js';
import { argString } from './registry.js';
import { fieldTypesOf, fromRecord } from './soql.js';

const id15 = (v: Value): string => (typeof v === 'string' ? v.slice(0, 15) : '');

function records(it: Interpreter, type: string): ApexSObject[] {
  const d = it.data.describe(type)!;
  const fields = d.fields.map((f) => f.name).join(', ');
  return it.data.query(`SELECT ${fields} FROM ${d.name}`, {}).map((r) => fromRecord(r, d.name, fieldTypesOf(it)));
}

function copy(r: ApexSObject): ApexSObject {
  const c = new ApexSObject(r.type);
  for (const f of r.fields.values()) c.put(f.name, f.value);
  return c;
}

/** The lowest level's record (or a new one owned by `ownerId`), its empty custom fields filled from above. */
function merged(it: Interpreter, type: string, levels: (ApexSObject | undefined)[], ownerId: string): ApexSObject {
  const custom = it.data
    .describe(type)!
    .fields.filter((f) => f.custom)
    .map((f) => f.name);
  const own = levels[0];
  const out = own ? copy(own) : new ApexSObject(type);
  if (!own) out.put('SetupOwnerId', ownerId);
  for (const name of custom) {
    if (out.get(name) !== null) continue;
    const from = levels.find((l) => l && l.get(name) !== null);
    out.put(name, from ? from.get(name) : null);
  }
  return out;
}

function hierarchy(it: Interpreter, type: string, lower: string, args: Value[]): Value | undefined {
  const byOwner = new Map(records(it, type).map((r) => [id15(r.get('SetupOwnerId')), r]));
  const user = it.data.currentUser();
  const orgLevel = byOwner.get(id15(user.organizationId));
  const profileOf = (userId: string): string | null => {
    if (id15(userId) === id15(user.id)) return user.profileId;
    const row = it.data.query('SELECT ProfileId FROM User WHERE Id = :id', { id: userId })[0];
    return typeof row?.ProfileId === 'string' ? row.ProfileId : null;
  };
  const instanceFor = (id: string): ApexSObject => {
    if (id.startsWith('00e')) return merged(it, type, [byOwner.get(id15(id)), orgLevel], id);
    if (id.startsWith('00D')) return merged(it, type, [orgLevel], id);
    const profile = profileOf(id);
    return merged(it, type, [byOwner.get(id15(id)), profile ? byOwner.get(id15(profile)) : undefined, orgLevel], id);
  };
  if (lower === 'getinstance' && args.length === 0) return instanceFor(user.id);
  if (lower === 'getinstance' && args.length === 1) {
    if (args[0] === null) return it.npe();
    return instanceFor(argString(it, args[0]!));
  }
  if (lower === 'getvalues' && args.length === 1) {
    if (args[0] === null) return it.npe();
    const r = byOwner.get(id15(argString(it, args[0]!)));
    return r ? copy(r) : null;
  }
  if (lower === 'getorgdefaults' && args.length === 0) return orgLevel ? copy(orgLevel) : new ApexSObject(type);
  return undefined;
}

function list(it: Interpreter, type: string, lower: string, args: Value[]): Value | undefined {
  if (lower === 'getall' && args.length === 0) {
    const m = new ApexMap(typeRef('String'), typeRef(type));
    for (const r of records(it, type)) {
      const name = r.get('Name');
      m.entries.set(valueKey(name), [name, r]);
    }
    return m;
  }
  if ((lower === 'getinstance' || lower === 'getvalues') && args.length === 1) {
    if (args[0] === null) return null;
    const name = argString(it, args[0]!);
    return records(it, type).find((r) => r.get('Name') === name) ?? null;
  }
  return undefined;
}

/** The value of `<Setting>.<method>(args)`, or undefined when the setting has no such method. */
export function customSettingMethod(
  it: Interpreter,
  type: string,
  kind: 'Hierarchy' | 'List',
  method: string,
  args: Value[]
): Value | undefined {
  const lower = method.toLowerCase();
  return kind === 'Hierarchy' ? hierarchy(it, type, lower, args) : list(it, type, lower, args);
}
