/**
 * Triggers in the transaction: a trigger's SOQL and DML count against the limits of the code that fired
 * it; a trigger that fires itself stops at the depth limit of 16 unless a static flag guards it; an
 * unhandled exception in a trigger fails its records with CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY; several
 * triggers on one object all fire; an inactive trigger does not. Apex Developer Guide, "Execution
 * Governors and Limits", "Trigger Exceptions".
 */
import { expect } from 'chai';
import { useLocalOrg } from '../local-org/helpers.js';
import { apex, apexFails, customObject, deploy, numberField, textField } from './helpers.js';

describe('triggers: limits, recursion and errors', function () {
  this.timeout(120_000);
  const t = useLocalOrg(async (org, conn) => {
    await deploy(conn, {
      objects: {
        Node__c: customObject('Node', numberField('Depth__c') + textField('Mode__c')),
        Note__c: customObject('Note')
      },
      classes: {
        NodeGuard: `public with sharing class NodeGuard {
          public static Integer runs = 0;
          public static Boolean done = false;
        }`
      },
      triggers: {
        NodeChain: `trigger NodeChain on Node__c (after insert) {
          NodeGuard.runs++;
          Node__c first = Trigger.new[0];
          if (first.Mode__c == 'guarded') {
            if (NodeGuard.done) return;
            NodeGuard.done = true;
            insert new Node__c(Name = 'child', Mode__c = 'guarded');
          } else if (first.Mode__c == 'forever') {
            insert new Node__c(Name = 'child', Mode__c = 'forever');
          } else if (first.Mode__c == 'limits') {
            Integer n = [SELECT COUNT() FROM Node__c];
            insert new Note__c(Name = 'from trigger');
          } else if (first.Mode__c == 'npe') {
            String s = null;
            s.length();
          }
        }`,
        NoteSecond: `trigger NoteSecond on Node__c (before insert) {
          for (Node__c n : Trigger.new) n.Depth__c = 1;
        }`,
        NoteInactive: {
          body: `trigger NoteInactive on Node__c (before insert) {
            for (Node__c n : Trigger.new) n.Depth__c = 99;
          }`,
          status: 'Inactive'
        }
      }
    });
  });

  it('counts the trigger SOQL and DML in the limits of the transaction that fired it', async () => {
    const lines = await apex(
      t.org,
      `insert new Node__c(Name = 'n', Mode__c = 'limits');
      System.debug(Limits.getQueries() + ' ' + Limits.getDmlStatements() + ' ' + Limits.getDmlRows());`
    );
    expect(lines).to.deep.equal(['1 2 2']);
  });

  it('lets a static flag stop a trigger that fires itself', async () => {
    const lines = await apex(
      t.org,
      `insert new Node__c(Name = 'n', Mode__c = 'guarded');
      System.debug(NodeGuard.runs + ' ' + [SELECT COUNT() FROM Node__c WHERE Mode__c = 'guarded']);`
    );
    expect(lines).to.deep.equal(['2 2']);
  });

  it('stops unbounded recursion at the maximum trigger depth of 16', async () => {
    const message = await apexFails(
      t.org,
      `try { insert new Node__c(Name = 'n', Mode__c = 'forever'); }
      finally { System.debug(NodeGuard.runs); }`
    );
    expect(message).to.match(
      /^System\.DmlException: Insert failed\. First exception on row 0; first error: CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, NodeChain: execution of AfterInsert/
    );
    // 16 nested after-insert invocations; the 17th event (the next before insert) is refused.
    expect(message).to.match(/: maximum trigger depth exceeded\nNode__c trigger event AfterInsert for \[a\w{14}\]\n/);
    expect(message.match(/Node__c trigger event AfterInsert for \[/g)?.length).to.equal(16);
    expect(message).to.contain('Node__c trigger event BeforeInsert for []: []');
    expect(message.match(/caused by: System\.DmlException/g)?.length).to.equal(16);
    const lines = await apex(t.org, `System.debug([SELECT COUNT() FROM Node__c WHERE Mode__c = 'forever']);`);
    expect(lines).to.deep.equal(['0']);
  });

  it('reports an unhandled exception in a trigger as the org does', async () => {
    const message = await apexFails(t.org, `insert new Node__c(Name = 'n', Mode__c = 'npe');`);
    expect(message).to.match(
      /^System\.DmlException: Insert failed\. First exception on row 0; first error: CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, NodeChain: execution of AfterInsert\n\ncaused by: System\.NullPointerException: Attempt to de-reference a null object\n\nTrigger\.NodeChain: line 15, column \d+: \[\]$/
    );
  });

  it('fires every active trigger of the object and never an inactive one', async () => {
    const lines = await apex(
      t.org,
      `Node__c n = new Node__c(Name = 'plain');
      insert n;
      System.debug([SELECT Depth__c FROM Node__c WHERE Id = :n.Id].Depth__c);`
    );
    expect(lines).to.deep.equal(['1']);
  });
});
