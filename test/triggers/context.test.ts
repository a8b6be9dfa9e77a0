/**
 * The trigger context seen from classes a trigger calls (the handler pattern): Trigger.* and
 * `switch on Trigger.operationType`, and addError with a field token. Apex Developer Guide, "Trigger
 * Context Variables" (operationType: System.TriggerOperation), "SObject Class" (addError).
 */
import { expect } from 'chai';
import { useLocalOrg } from '../local-org/helpers.js';
import { apex, customObject, deploy, textField } from './helpers.js';

describe('triggers: handler classes', function () {
  this.timeout(120_000);
  const t = useLocalOrg(async (org, conn) => {
    await deploy(conn, {
      objects: { Case__c: customObject('Case', textField('Status__c')) },
      classes: {
        CaseHandler: `public with sharing class CaseHandler {
          public static void run() {
            switch on Trigger.operationType {
              when BEFORE_INSERT {
                for (Case__c c : (List<Case__c>) Trigger.new) {
                  c.Status__c = 'New';
                  if (c.Name == 'bad') c.addError(Case__c.Status__c, 'bad case');
                  if (c.Name == 'badname') c.Name.addError('bad name');
                }
              }
              when AFTER_UPDATE {
                Map<Id, Case__c> before = (Map<Id, Case__c>) Trigger.oldMap;
                for (Case__c c : (List<Case__c>) Trigger.new) System.debug(before.get(c.Id).Status__c + '>' + c.Status__c);
                for (Case__c c : Trigger.new) System.debug(Trigger.size + ' ' + Trigger.isExecuting);
              }
              when else {
                System.debug('other ' + Trigger.operationType.name());
              }
            }
          }
        }`
      },
      triggers: {
        CaseTrigger: `trigger CaseTrigger on Case__c (before insert, after insert, after update) {
          System.debug(Trigger.operationType == System.TriggerOperation.AFTER_INSERT);
          switch on Trigger.operationType {
            when AFTER_UPDATE {
              for (Case__c c : Trigger.new) System.debug('body ' + c.Status__c);
            }
            when else {
            }
          }
          CaseHandler.run();
        }`
      }
    });
  });

  it('answers Trigger.* in the classes a trigger calls, including switch on Trigger.operationType', async () => {
    const lines = await apex(
      t.org,
      `Case__c c = new Case__c(Name = 'c1');
      insert c;
      c.Status__c = 'Closed';
      update c;
      Database.SaveResult r = Database.insert(new Case__c(Name = 'bad'), false);
      System.debug(r.getErrors()[0].getMessage() + ' ' + r.getErrors()[0].getFields());
      r = Database.insert(new Case__c(Name = 'badname'), false);
      System.debug(r.getErrors()[0].getMessage() + ' ' + r.getErrors()[0].getFields());`
    );
    expect(lines).to.deep.equal([
      'false',
      'true',
      'other AFTER_INSERT',
      'false',
      'body Closed',
      'New>Closed',
      '1 true',
      'false',
      'bad case (Status__c)',
      'false',
      'bad name (Name)'
    ]);
  });
});
