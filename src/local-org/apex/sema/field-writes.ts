/**
 * Writing an sObject field the platform never lets code write (neither createable nor updateable: formula
 * and roll-up fields, audit fields such as CreatedDate, compound names such as Contact.Name) does not
 * compile: `Field is not writeable: Contact.Name`, for `record.Field = value` and for the name-value pairs of
 * `new Contact(Name = …)`. The Id stays writable (`new Account(Id = x)`), and so do the fields of custom
 * metadata records (`__mdt`), which code may build in memory (no DML ever writes them; force-app's tests do,
 * so `npm run test:apex` fails without this exception).
 * Wording: https://salesforce.stackexchange.com/questions/199055 (`Field is not writeable:
 * CaseTeamTemplateRecord.ParentId`) and an `sf apex run` capture (`Line: 2, Column: 20 Field is not
 * writeable: Contact.Name`, https://coderoad.ru/57550718). A field that is createable but not updateable
 * (which that question shows refused after instantiation) is not checked: the local describe's update
 * flags of standard fields are not all verified.
 */
import type { SObjectDescribe } from '../data-layer.js';

export function unwritableField(describe: SObjectDescribe | null, field: string): string | null {
  const lower = field.toLowerCase();
  if (!describe || lower === 'id' || /__mdt$/i.test(describe.name)) return null;
  const f = describe.fields.find((x) => x.name.toLowerCase() === lower);
  if (!f || f.createable || f.updateable) return null;
  return `Field is not writeable: ${describe.name}.${f.name}`;
}
