/** Helpers for the platform event tests: an org with two event objects deployed the way a deploy registers them. */
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerObject } from '../../src/local-org/metadata/objects.js';
import { orgWithClasses } from '../apex-async/helpers.js';

export { eventRows, notes, run, userDebug } from '../apex-async/helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

/** A platform event object's XML for a deploy (fields as `<fields>` XML). */
export function eventObject(label: string, behavior: string, fields: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><deploymentStatus>Deployed</deploymentStatus><eventType>HighVolume</eventType><label>${label}</label><pluralLabel>${label}s</pluralLabel><publishBehavior>${behavior}</publishBehavior>${fields}</CustomObject>`;
}

/** A PlatformEventSubscriberConfig's XML for a deploy. */
export function subscriberConfig(trigger: string, opts: { user?: string; batchSize?: number }): string {
  return `<?xml version="1.0" encoding="UTF-8"?><PlatformEventSubscriberConfig ${NS}>${
    opts.batchSize !== undefined ? `<batchSize>${opts.batchSize}</batchSize>` : ''
  }<masterLabel>${trigger} config</masterLabel><platformEventConsumer>${trigger}</platformEventConsumer>${
    opts.user ? `<user>${opts.user}</user>` : ''
  }</PlatformEventSubscriberConfig>`;
}

/** Order_Event__e (PublishAfterCommit, required Order_Number__c Text(10)) and Log_Event__e (PublishImmediately). */
export function defineEvents(org: LocalOrg): void {
  registerObject(org.store, 'Order_Event__e', {
    label: 'Order Event',
    pluralLabel: 'Order Events',
    eventType: 'HighVolume',
    publishBehavior: 'PublishAfterCommit',
    fields: [
      { fullName: 'Order_Number__c', label: 'Order Number', type: 'Text', length: '10', required: 'true' },
      { fullName: 'Has_Shipped__c', label: 'Has Shipped', type: 'Checkbox', defaultValue: 'false' }
    ]
  });
  registerObject(org.store, 'Log_Event__e', {
    label: 'Log Event',
    pluralLabel: 'Log Events',
    eventType: 'HighVolume',
    publishBehavior: 'PublishImmediately',
    fields: [{ fullName: 'Message__c', label: 'Message', type: 'Text', length: '255' }]
  });
}

/** An org (see apex-async/helpers.ts: Note__c, fixed clock) with the two event objects and the classes. */
export async function orgWithEvents(classes: Record<string, string> = {}): Promise<LocalOrg> {
  const org = await orgWithClasses(classes);
  defineEvents(org);
  return org;
}

export { startLocalOrg };
