/**
 * Triggers fire for DML from Apex (issue 15 point 2): before/after × insert/update/delete/undelete with
 * the Trigger context variables, before-trigger changes saved, Trigger.new read-only after, addError
 * with all-or-none and partial success, limits shared with the transaction, recursion and its depth
 * limit, several triggers on one object, inactive triggers. Apex Developer Guide, "Triggers",
 * "Trigger Context Variables", "Trigger Exceptions", "Bulk DML Exception Handling".
 */
import { expect } from 'chai';
import { useLocalOrg } from '../local-org/helpers.js';
import { apex, apexFails, customObject, deploy, numberField, textField } from './helpers.js';

const LOG_EVENTS = `trigger ThingLog on Thing__c (before insert, after insert, before update, after update, before delete, after delete, after undelete) {
  String ids = '';
  System.debug(String.valueOf(Trigger.operationType) + ' size=' + Trigger.size + ' exec=' + Trigger.isExecuting
    + ' b=' + Trigger.isBefore + ' a=' + Trigger.isAfter + ' i=' + Trigger.isInsert + ' u=' + Trigger.isUpdate
    + ' d=' + Trigger.isDelete + ' ud=' + Trigger.isUndelete
    + ' new=' + (Trigger.new == null ? 'null' : String.valueOf(Trigger.new.size()))
    + ' old=' + (Trigger.old == null ? 'null' : String.valueOf(Trigger.old.size()))
    + ' newMap=' + (Trigger.newMap == null ? 'null' : String.valueOf(Trigger.newMap.size()))
    + ' oldMap=' + (Trigger.oldMap == null ? 'null' : String.valueOf(Trigger.oldMap.size())));
  if (Trigger.isBefore && (Trigger.isInsert || Trigger.isUpdate)) {
    for (Thing__c t : Trigger.new) {
      t.Stamp__c = (t.Stamp__c == null ? '' : t.Stamp__c) + '|' + String.valueOf(Trigger.operationType);
      if (t.Name == null) t.Name = 'named by trigger';
      if (t.Name == 'reject') t.addError('no rejects please');
      if (t.Name == 'badfield') t.Note__c.addError('note is wrong');
    }
  }
  if (Trigger.isDelete && Trigger.isBefore) {
    for (Thing__c t : Trigger.old) if (t.Name == 'keep') t.addError('cannot delete keep');
  }
}`;

describe('triggers: DML from Apex', function () {
  this.timeout(120_000);
  const t = useLocalOrg(async (org, conn) => {
    await deploy(conn, {
      objects: {
        Thing__c: customObject('Thing', textField('Stamp__c') + textField('Note__c') + numberField('Count__c'))
      },
      triggers: { ThingLog: LOG_EVENTS }
    });
  });

  it('fires before and after insert, update, delete and undelete with the context variables', async () => {
    const lines = await apex(
      t.org,
      `Thing__c t = new Thing__c(Name = 'a');
      System.debug('outside exec=' + Trigger.isExecuting + ' new=' + (Trigger.new == null));
      insert t;
      t.Note__c = 'changed';
      update t;
      delete t;
      undelete t;`
    );
    expect(lines).to.deep.equal([
      'outside exec=false new=true',
      'BEFORE_INSERT size=1 exec=true b=true a=false i=true u=false d=false ud=false new=1 old=null newMap=null oldMap=null',
      'AFTER_INSERT size=1 exec=true b=false a=true i=true u=false d=false ud=false new=1 old=null newMap=1 oldMap=null',
      'BEFORE_UPDATE size=1 exec=true b=true a=false i=false u=true d=false ud=false new=1 old=1 newMap=1 oldMap=1',
      'AFTER_UPDATE size=1 exec=true b=false a=true i=false u=true d=false ud=false new=1 old=1 newMap=1 oldMap=1',
      'BEFORE_DELETE size=1 exec=true b=true a=false i=false u=false d=true ud=false new=null old=1 newMap=null oldMap=1',
      'AFTER_DELETE size=1 exec=true b=false a=true i=false u=false d=true ud=false new=null old=1 newMap=null oldMap=1',
      'AFTER_UNDELETE size=1 exec=true b=false a=true i=false u=false d=false ud=true new=1 old=null newMap=1 oldMap=null'
    ]);
  });

  it('saves what before triggers change, and the caller gets only the Id back', async () => {
    const lines = await apex(
      t.org,
      `Thing__c t = new Thing__c(Name = 'saved');
      insert t;
      System.debug('caller ' + t.Stamp__c + ' ' + (t.Id != null));
      System.debug('stored ' + [SELECT Stamp__c FROM Thing__c WHERE Id = :t.Id].Stamp__c);
      update new Thing__c(Id = t.Id, Note__c = 'x');
      System.debug('stored ' + [SELECT Stamp__c, Note__c FROM Thing__c WHERE Id = :t.Id].Stamp__c);`
    );
    expect(lines.filter((l) => !/^(BEFORE|AFTER)_/.test(l))).to.deep.equal([
      'caller null true',
      'stored |BEFORE_INSERT',
      'stored |BEFORE_INSERT|BEFORE_UPDATE'
    ]);
  });

  it('updates a queried record that carries fields DML cannot write, through the triggers', async () => {
    const lines = await apex(
      t.org,
      `insert new Thing__c(Name = 'queried');
      Thing__c t = [SELECT Name, Stamp__c, CreatedById, CreatedDate FROM Thing__c WHERE Name = 'queried'];
      t.Note__c = 'changed';
      update t;
      System.debug('stored ' + [SELECT Note__c FROM Thing__c WHERE Id = :t.Id].Note__c);`
    );
    expect(lines.filter((l) => l.startsWith('stored'))).to.deep.equal(['stored changed']);
  });

  it('shows old and new values in update triggers and keeps Trigger.old and after-trigger records read-only', async () => {
    await deploy(t.conn, {
      objects: { Gizmo__c: customObject('Gizmo', textField('Color__c')) },
      triggers: {
        GizmoTrigger: `trigger GizmoTrigger on Gizmo__c (before update, after insert) {
          if (Trigger.isUpdate) {
            for (Gizmo__c g : Trigger.new) System.debug(Trigger.oldMap.get(g.Id).Color__c + '->' + g.Color__c);
            try { Trigger.old[0].Color__c = 'x'; } catch (System.FinalException e) { System.debug('old: ' + e.getMessage()); }
          } else {
            try { Trigger.new[0].Color__c = 'x'; } catch (System.FinalException e) { System.debug('after: ' + e.getMessage()); }
          }
        }`
      }
    });
    const lines = await apex(
      t.org,
      `Gizmo__c g = new Gizmo__c(Name = 'g', Color__c = 'red');
      insert g;
      g.Color__c = 'blue';
      update g;`
    );
    expect(lines).to.deep.equal(['after: Record is read-only', 'red->blue', 'old: Record is read-only']);
  });

  it('fails all-or-none DML on addError with the org wording and saves nothing', async () => {
    const message = await apexFails(
      t.org,
      `insert new List<Thing__c>{ new Thing__c(Name = 'fine'), new Thing__c(Name = 'reject') };`
    );
    expect(message).to.equal(
      'System.DmlException: Insert failed. First exception on row 1; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, no rejects please: []'
    );
    const lines = await apex(t.org, `System.debug([SELECT COUNT() FROM Thing__c WHERE Name IN ('fine', 'reject')]);`);
    expect(lines).to.deep.equal(['0']);
  });

  it('carries field-level errors with the field name', async () => {
    const lines = await apex(
      t.org,
      `try { insert new Thing__c(Name = 'badfield'); } catch (DmlException e) {
        System.debug(e.getDmlStatusCode(0) + ' ' + e.getDmlMessage(0) + ' ' + e.getDmlFieldNames(0));
      }`
    );
    expect(lines.filter((l) => !/^(BEFORE|AFTER)_/.test(l))).to.deep.equal([
      'FIELD_CUSTOM_VALIDATION_EXCEPTION note is wrong (Note__c)'
    ]);
  });

  it('saves the valid records of Database.insert(rows, false), retrying them without the rejected ones', async () => {
    const lines = await apex(
      t.org,
      `List<Database.SaveResult> rs = Database.insert(new List<Thing__c>{
        new Thing__c(Name = 'p1'), new Thing__c(Name = 'reject'), new Thing__c(Name = 'p2') }, false);
      for (Database.SaveResult r : rs) System.debug(r.isSuccess() + ' ' + (r.isSuccess() ? '' : r.getErrors()[0].getStatusCode() + ' ' + r.getErrors()[0].getMessage()));
      System.debug([SELECT COUNT() FROM Thing__c WHERE Name IN ('p1', 'p2', 'reject')]);`
    );
    // The first attempt fires on three rows; the second on the two that did not fail.
    expect(lines.filter((l) => /^BEFORE_INSERT/.test(l)).map((l) => l.split(' ')[1])).to.deep.equal([
      'size=3',
      'size=2'
    ]);
    expect(lines.filter((l) => !/^(BEFORE|AFTER)_/.test(l))).to.deep.equal([
      'true ',
      'false FIELD_CUSTOM_VALIDATION_EXCEPTION no rejects please',
      'true ',
      '2'
    ]);
  });

  it('refuses a delete a before-delete trigger marks on Trigger.old', async () => {
    const message = await apexFails(t.org, `Thing__c k = new Thing__c(Name = 'keep'); insert k; delete k;`);
    expect(message).to.match(
      /^System\.DmlException: Delete failed\. First exception on row 0 with id|^System\.DmlException: Delete failed\. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, cannot delete keep/
    );
    expect(message).to.contain('FIELD_CUSTOM_VALIDATION_EXCEPTION, cannot delete keep');
  });

  it('runs before triggers ahead of the required-field check', async () => {
    // Name is required: the before-insert trigger fills it before the system validation runs.
    const lines = await apex(
      t.org,
      `Thing__c t = new Thing__c();
      insert t;
      System.debug([SELECT Name FROM Thing__c WHERE Id = :t.Id].Name);`
    );
    expect(lines.filter((l) => !/^(BEFORE|AFTER)_/.test(l))).to.deep.equal(['named by trigger']);
  });

  it('fires insert triggers for new rows and update triggers for existing rows of an upsert', async () => {
    const lines = await apex(
      t.org,
      `Thing__c old = new Thing__c(Name = 'existing');
      insert old;
      List<Thing__c> rows = new List<Thing__c>{ new Thing__c(Id = old.Id, Note__c = 'n'), new Thing__c(Name = 'fresh') };
      List<Database.UpsertResult> rs = Database.upsert(rows, false);
      System.debug(rs[0].isCreated() + ' ' + rs[1].isCreated() + ' ' + (rows[1].Id != null));`
    );
    expect(lines.slice(2).map((l) => l.split(' ')[0])).to.deep.equal([
      'BEFORE_UPDATE',
      'AFTER_UPDATE',
      'BEFORE_INSERT',
      'AFTER_INSERT',
      'false'
    ]);
    expect(lines[lines.length - 1]).to.equal('false true true');
  });

  it('fires once per 200 records', async () => {
    const lines = await apex(
      t.org,
      `List<Thing__c> rows = new List<Thing__c>();
      for (Integer i = 0; i < 450; i++) rows.add(new Thing__c(Name = 'bulk ' + i));
      insert rows;`
    );
    expect(lines.filter((l) => l.startsWith('BEFORE_INSERT')).map((l) => l.split(' ')[1])).to.deep.equal([
      'size=200',
      'size=200',
      'size=50'
    ]);
  });

  it('reads the errors a trigger added with hasErrors and getErrors', async () => {
    const lines = await apex(
      t.org,
      `Thing__c t = new Thing__c(Name = 'x');
      System.debug(t.hasErrors());
      t.addError('first');
      t.addError('Note__c', 'second');
      System.debug(t.hasErrors() + ' ' + t.getErrors().size() + ' ' + t.getErrors()[1].getMessage() + ' ' + t.getErrors()[1].getFields());`
    );
    expect(lines).to.deep.equal(['false', 'true 2 second (Note__c)']);
  });

  it('shows before-insert triggers the default values of the fields the record does not set', async () => {
    await deploy(t.conn, {
      objects: {
        Ticket__c: customObject(
          'Ticket',
          '<fields><fullName>Priority__c</fullName><label>Priority</label><type>Text</type><length>20</length><defaultValue>"Normal"</defaultValue></fields>'
        )
      },
      triggers: {
        TicketTrigger: `trigger TicketTrigger on Ticket__c (before insert) {
          for (Ticket__c t : Trigger.new) System.debug('trigger ' + t.Priority__c);
        }`
      }
    });
    const lines = await apex(
      t.org,
      `Ticket__c t = new Ticket__c(Name = 't');
      insert t;
      System.debug('caller ' + t.Priority__c);
      insert new Ticket__c(Name = 'u', Priority__c = 'High');`
    );
    expect(lines).to.deep.equal(['trigger Normal', 'caller null', 'trigger High']);
  });

  it('matches upsert rows by an external id field and refuses a field that is not one', async () => {
    await deploy(t.conn, {
      objects: {
        Part__c: customObject(
          'Part',
          '<fields><fullName>Code__c</fullName><label>Code</label><type>Text</type><length>20</length><externalId>true</externalId></fields>' +
            textField('Plain__c')
        )
      },
      triggers: {
        PartTrigger: `trigger PartTrigger on Part__c (before insert, before update) {
          for (Part__c p : Trigger.new) System.debug(String.valueOf(Trigger.operationType) + ' ' + p.Code__c);
        }`
      }
    });
    const lines = await apex(
      t.org,
      `insert new Part__c(Name = 'a', Code__c = 'A1');
      Database.UpsertResult r = Database.upsert(new Part__c(Name = 'a2', Code__c = 'A1'), Part__c.Code__c, false);
      System.debug(r.isSuccess() + ' ' + r.isCreated());
      r = Database.upsert(new Part__c(Name = 'p', Plain__c = 'x'), Part__c.Plain__c, false);
      System.debug(r.getErrors()[0].getStatusCode() + ' ' + r.getErrors()[0].getMessage());`
    );
    expect(lines).to.deep.equal([
      'BEFORE_INSERT A1',
      'BEFORE_UPDATE A1',
      'true false',
      'INVALID_FIELD Invalid field for upsert, must be an External Id custom or standard indexed field: Plain__c'
    ]);
  });
});
