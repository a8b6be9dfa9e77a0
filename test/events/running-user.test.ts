/**
 * Whom platform event triggers run as in the local org: the Automated Process user by default (UserInfo,
 * CreatedById, LastModifiedById and the default OwnerId of what they write), or the user and batch size of
 * a deployed PlatformEventSubscriberConfig
 * (https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_trigger_config.htm).
 */
import { expect } from 'chai';
import { runSoql } from '../../src/local-org/index.js';
import { useLocalOrg } from '../local-org/helpers.js';
import { apex, customObject, deploy, textField } from '../triggers/helpers.js';
import { eventObject, subscriberConfig } from './helpers.js';

const recordAs = (event: string, trigger: string): string => `trigger ${trigger} on ${event} (after insert) {
  List<Note__c> notes = new List<Note__c>();
  for (${event} e : Trigger.new) {
    notes.add(new Note__c(Name = e.Tag__c + ' as ' + UserInfo.getName() + ' (' + UserInfo.getUserName().substringBefore('@')
      + ') batch ' + Trigger.new.size() + ' session ' + UserInfo.getSessionId()));
  }
  insert notes;
}`;

describe('platform events: the running user of their triggers (local org)', function () {
  this.timeout(180_000);
  let admin: { Id: string; Username: string };
  const t = useLocalOrg(async (org, conn) => {
    admin = runSoql(org.store, "SELECT Id, Username FROM User WHERE UserType = 'Standard'").records[0] as typeof admin;
    await deploy(conn, {
      objects: {
        Note__c: customObject('Note'),
        Ping__e: eventObject('Ping', 'PublishAfterCommit', textField('Tag__c')),
        Pong__e: eventObject('Pong', 'PublishAfterCommit', textField('Tag__c'))
      },
      triggers: { PingEvents: recordAs('Ping__e', 'PingEvents'), PongEvents: recordAs('Pong__e', 'PongEvents') },
      subscriberConfigs: { PongEventsConfig: subscriberConfig('PongEvents', { user: admin.Username, batchSize: 2 }) }
    });
  });
  const rows = (prefix: string): Record<string, unknown>[] =>
    runSoql(
      t.org.store,
      `SELECT Name, CreatedById, LastModifiedById, OwnerId FROM Note__c WHERE Name LIKE '${prefix}%' ORDER BY Name`
    ).records;

  it('runs a trigger as the Automated Process user, who creates, modifies and owns what it writes', async () => {
    const auto = runSoql(
      t.org.store,
      "SELECT Id, Name, Alias, IsActive FROM User WHERE UserType = 'AutomatedProcess'"
    ).records;
    expect(auto.map((u) => [u.Name, u.Alias, u.IsActive])).to.deep.equal([['Automated Process', 'autoproc', true]]);
    await apex(
      t.org,
      `insert new Note__c(Name = 'publisher');
      EventBus.publish(new List<Ping__e>{ new Ping__e(Tag__c = 'p1'), new Ping__e(Tag__c = 'p2') });`
    );
    await t.org.apex!.whenIdle();
    const written = rows('p');
    expect(written.map((r) => r.Name)).to.deep.equal([
      'p1 as Automated Process (autoproc) batch 2 session null',
      'p2 as Automated Process (autoproc) batch 2 session null',
      'publisher'
    ]);
    const id = String(auto[0]!.Id);
    for (const r of written.slice(0, 2))
      expect([r.CreatedById, r.LastModifiedById, r.OwnerId]).to.deep.equal([id, id, id]);
    // The publishing transaction wrote as the org's user.
    expect([written[2]!.CreatedById, written[2]!.OwnerId]).to.deep.equal([admin.Id, admin.Id]);
  });

  it("runs a trigger as its PlatformEventSubscriberConfig's user, in batches of its batchSize", async () => {
    await apex(
      t.org,
      `List<Pong__e> events = new List<Pong__e>();
      for (Integer i = 1; i <= 5; i++) events.add(new Pong__e(Tag__c = 'q' + i));
      EventBus.publish(events);`
    );
    await t.org.apex!.whenIdle();
    const written = rows('q');
    const user = admin.Username.split('@')[0];
    expect(written.map((r) => r.Name)).to.deep.equal(
      [2, 2, 2, 2, 1].map((size, i) => `q${i + 1} as Local Admin (${user}) batch ${size} session null`)
    );
    expect(new Set(written.map((r) => r.CreatedById))).to.deep.equal(new Set([admin.Id]));
  });

  it('refuses a PlatformEventSubscriberConfig whose trigger, batch size or user the org does not have', async () => {
    const cases: [Parameters<typeof subscriberConfig>, string][] = [
      [['PingEvents', { batchSize: 0 }], 'batchSize: 0 is not a whole number from 1 through 2,000'],
      [['PingEvents', { batchSize: 2001 }], 'batchSize: 2001 is not a whole number from 1 through 2,000'],
      [['NoSuchTrigger', {}], 'platformEventConsumer: NoSuchTrigger is not an Apex trigger on a platform event'],
      [
        ['PingEvents', { user: 'nobody@example.invalid' }],
        'user: nobody@example.invalid is not the username of an active user'
      ]
    ];
    for (const [[trigger, opts], problem] of cases) {
      const failure = await deploy(t.conn, { subscriberConfigs: { BadConfig: subscriberConfig(trigger, opts) } }).then(
        () => 'deployed',
        (e: Error) => e.message
      );
      expect(failure).to.contain('PlatformEventSubscriberConfig').and.contain(problem);
    }
    expect(await t.conn.metadata.list([{ type: 'PlatformEventSubscriberConfig' }])).to.satisfy(
      (l: { fullName: string }[] | { fullName: string }) => ![l].flat().some((c) => c.fullName === 'BadConfig')
    );
  });
});
