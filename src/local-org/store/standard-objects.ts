/**
 * Standard objects the local org serves. Field properties follow the Object Reference
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/).
 * Key prefixes are the ones orgs use; CurrencyType's and DatedConversionRate's are best known values.
 */
import { ISO_4217_CODES } from './iso4217.js';
import { fileObjects } from './object-files.js';
import { picklist, systemFields, type FieldDef, type FieldType, type ObjectDef } from './schema.js';

type Opts = Partial<FieldDef>;
/** A writable field (createable and updateable, nillable unless told). */
function f(name: string, type: FieldType, label = name, opts: Opts = {}): FieldDef {
  return { name, label, type, createable: true, updateable: true, nillable: true, ...opts };
}
/** A read-only field. */
function ro(name: string, type: FieldType, label = name, opts: Opts = {}): FieldDef {
  return f(name, type, label, { createable: false, updateable: false, calculated: true, ...opts });
}
function ref(name: string, to: string, relationshipName: string, opts: Opts = {}): FieldDef {
  return f(name, 'reference', name, { length: 18, referenceTo: [to], relationshipName, ...opts });
}

interface ObjOpts {
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  tooling?: boolean;
}
function obj(name: string, keyPrefix: string, fields: FieldDef[], o: ObjOpts = {}): ObjectDef {
  return {
    name,
    label: name.replace(/([a-z])([A-Z])/g, '$1 $2'),
    labelPlural: `${name.replace(/([a-z])([A-Z])/g, '$1 $2')}s`,
    keyPrefix,
    custom: false,
    createable: o.createable ?? true,
    updateable: o.updateable ?? true,
    deletable: o.deletable ?? true,
    queryable: true,
    tooling: o.tooling,
    fields: [...systemFields(), ...fields]
  };
}

const readOnlyObject = { createable: false, updateable: false, deletable: false };
const LOG_LEVELS = ['NONE', 'INTERNAL', 'FINEST', 'FINER', 'FINE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
const LOG_CATEGORIES = [
  'ApexCode',
  'ApexProfiling',
  'Callout',
  'Database',
  'System',
  'Validation',
  'Visualforce',
  'Workflow'
];
/**
 * The Object Reference lists only "Filter" (no "Group", no "Sort") for every field of CurrencyType and
 * DatedConversionRate (…/sforce_api_objects_currencytype.htm, …/sforce_api_objects_datedconversionrate.htm):
 * the local org's describe and SOQL follow it, so code never relies on what the docs do not promise.
 */
const filterOnly = { sortable: false, groupable: false };
const jobStatuses = ['Holding', 'Queued', 'Preparing', 'Processing', 'Aborted', 'Completed', 'Failed'];

/** Every standard object: those defined below and those of the object files (`objects/*.json`). */
export function standardObjects(): ObjectDef[] {
  return [...codeObjects(), ...fileObjects()];
}

function codeObjects(): ObjectDef[] {
  const isoPicklist = picklist([...ISO_4217_CODES]);
  return [
    obj(
      'Organization',
      '00D',
      [
        ro('Name', 'string', 'Name', { length: 80 }),
        ro('InstanceName', 'string', 'Instance Name', { length: 5 }),
        ro('IsSandbox', 'boolean', 'Is Sandbox', { nillable: false }),
        ro('TrialExpirationDate', 'datetime', 'Trial Expiration Date'),
        ro('NamespacePrefix', 'string', 'Namespace Prefix', { length: 15 }),
        ro('OrganizationType', 'string', 'Edition', { length: 40 }),
        ro('DefaultLocaleSidKey', 'string', 'Locale', { length: 40 }),
        ro('LanguageLocaleKey', 'string', 'Language', { length: 40 }),
        ro('TimeZoneSidKey', 'string', 'Time Zone', { length: 40 }),
        ro('IsMultiCurrencyEnabled', 'boolean', 'Multiple Currencies Enabled', { nillable: false })
      ],
      readOnlyObject
    ),
    obj('Profile', '00e', [
      f('Name', 'string', 'Name', { length: 255, nillable: false }),
      f('UserType', 'picklist', 'User Type', { picklistValues: picklist(['Standard', 'AutomatedProcess']) })
    ]),
    obj('User', '005', [
      f('Username', 'string', 'Username', { length: 80, nillable: false, unique: true }),
      f('LastName', 'string', 'Last Name', { length: 80, nillable: false }),
      f('FirstName', 'string', 'First Name', { length: 40 }),
      ro('Name', 'string', 'Full Name', { length: 121 }),
      f('Email', 'email', 'Email', { length: 128, nillable: false }),
      f('Alias', 'string', 'Alias', { length: 8, nillable: false }),
      f('IsActive', 'boolean', 'Active', { nillable: false, defaultValue: true }),
      ref('ProfileId', 'Profile', 'Profile', { nillable: false, childRelationshipName: 'Users' }),
      f('UserType', 'string', 'User Type', { length: 40, defaultValue: 'Standard' }),
      f('TimeZoneSidKey', 'string', 'Time Zone', { length: 40, nillable: false }),
      f('LocaleSidKey', 'string', 'Locale', { length: 40, nillable: false }),
      f('LanguageLocaleKey', 'string', 'Language', { length: 40, nillable: false }),
      f('EmailEncodingKey', 'string', 'Email Encoding', { length: 40, nillable: false }),
      f('DefaultCurrencyIsoCode', 'picklist', 'Default Currency ISO Code', {
        picklistValues: isoPicklist,
        activeCurrencyPicklist: true,
        restrictedPicklist: true
      })
    ]),
    obj('PermissionSet', '0PS', [
      f('Name', 'string', 'Name', { length: 80, nillable: false }),
      f('Label', 'string', 'Label', { length: 80, nillable: false }),
      f('Description', 'textarea', 'Description', { length: 255 }),
      ro('IsOwnedByProfile', 'boolean', 'Is Owned By Profile', { nillable: false, defaultValue: false }),
      ref('ProfileId', 'Profile', 'Profile', { createable: false, updateable: false })
    ]),
    obj('PermissionSetAssignment', '0Pa', [
      ref('AssigneeId', 'User', 'Assignee', {
        nillable: false,
        updateable: false,
        childRelationshipName: 'PermissionSetAssignments'
      }),
      ref('PermissionSetId', 'PermissionSet', 'PermissionSet', {
        nillable: false,
        updateable: false,
        childRelationshipName: 'Assignments'
      })
    ]),
    obj(
      'CurrencyType',
      '02A',
      [
        f('IsoCode', 'picklist', 'Currency ISO Code', {
          length: 3,
          nillable: false,
          updateable: false,
          picklistValues: isoPicklist,
          restrictedPicklist: true,
          unique: true,
          ...filterOnly
        }),
        f('ConversionRate', 'double', 'Conversion Rate', { precision: 18, scale: 6, nillable: false, ...filterOnly }),
        f('DecimalPlaces', 'int', 'Decimal Places', { precision: 2, nillable: false, defaultValue: 2, ...filterOnly }),
        f('IsActive', 'boolean', 'Active', {
          nillable: false,
          defaultValue: false,
          ...filterOnly
        }) /* Object Reference: defaults to false */,
        ro('IsCorporate', 'boolean', 'Corporate Currency', { nillable: false, defaultValue: false, ...filterOnly })
      ],
      { deletable: false }
    ),
    obj('DatedConversionRate', '04w', [
      f('IsoCode', 'picklist', 'Currency ISO Code', {
        length: 3,
        nillable: false,
        updateable: false,
        picklistValues: isoPicklist,
        restrictedPicklist: true,
        activeCurrencyPicklist: true,
        ...filterOnly
      }),
      f('ConversionRate', 'double', 'Conversion Rate', { precision: 18, scale: 6, nillable: false, ...filterOnly }),
      f('StartDate', 'date', 'Start Date', { nillable: false, updateable: false, ...filterOnly }),
      ro('NextStartDate', 'date', 'Next Start Date', filterOnly)
    ]),
    obj(
      'ApexClass',
      '01p',
      [
        f('Name', 'string', 'Name', { length: 255, nillable: false }),
        f('Body', 'textarea', 'Body', { length: 1000000 }),
        f('ApiVersion', 'double', 'Api Version', { precision: 18, scale: 1 }),
        f('Status', 'picklist', 'Status', { picklistValues: picklist(['Active', 'Inactive', 'Deleted'], 'Active') }),
        f('IsValid', 'boolean', 'Is Valid', { nillable: false, defaultValue: true }),
        f('LengthWithoutComments', 'int', 'Size Without Comments'),
        f('NamespacePrefix', 'string', 'Namespace Prefix', { length: 15 })
      ],
      { tooling: true }
    ),
    obj(
      'ApexTrigger',
      '01q',
      [
        f('Name', 'string', 'Name', { length: 255, nillable: false }),
        f('TableEnumOrId', 'string', 'Custom Object Definition ID', { length: 40 }),
        f('Body', 'textarea', 'Body', { length: 1000000 }),
        f('ApiVersion', 'double', 'Api Version', { precision: 18, scale: 1 }),
        f('Status', 'picklist', 'Status', { picklistValues: picklist(['Active', 'Inactive', 'Deleted'], 'Active') }),
        f('IsValid', 'boolean', 'Is Valid', { nillable: false, defaultValue: true }),
        f('NamespacePrefix', 'string', 'Namespace Prefix', { length: 15 })
      ],
      { tooling: true }
    ),
    obj(
      'CronJobDetail',
      '0Ce',
      [
        f('Name', 'string', 'Job Name', { length: 255 }),
        f('JobType', 'picklist', 'Job Type', { picklistValues: picklist(['1', '3', '7', '9', 'A']) })
      ],
      readOnlyObject
    ),
    obj(
      'CronTrigger',
      '08e',
      [
        ref('CronJobDetailId', 'CronJobDetail', 'CronJobDetail'),
        f('CronExpression', 'string', 'Cron Expression', { length: 255 }),
        f('State', 'picklist', 'State', {
          picklistValues: picklist([
            'WAITING',
            'ACQUIRED',
            'EXECUTING',
            'COMPLETE',
            'ERROR',
            'DELETED',
            'PAUSED',
            'BLOCKED'
          ])
        }),
        f('NextFireTime', 'datetime', 'Next Fire Time'),
        f('PreviousFireTime', 'datetime', 'Previous Fire Time'),
        f('StartTime', 'datetime', 'Start Time'),
        f('EndTime', 'datetime', 'End Time'),
        f('TimesTriggered', 'int', 'Times Triggered'),
        f('TimeZoneSidKey', 'string', 'Time Zone', { length: 40 }),
        ref('OwnerId', 'User', 'Owner')
      ],
      readOnlyObject
    ),
    obj(
      'AsyncApexJob',
      '707',
      [
        f('JobType', 'picklist', 'Job Type', {
          picklistValues: picklist([
            'BatchApex',
            'BatchApexWorker',
            'Future',
            'Queueable',
            'ScheduledApex',
            'TestRequest'
          ])
        }),
        f('Status', 'picklist', 'Status', { picklistValues: picklist(jobStatuses) }),
        ref('ApexClassId', 'ApexClass', 'ApexClass'),
        f('MethodName', 'string', 'Method Name', { length: 255 }),
        f('JobItemsProcessed', 'int', 'Batches Processed'),
        f('TotalJobItems', 'int', 'Total Batches'),
        f('NumberOfErrors', 'int', 'Failures'),
        f('CompletedDate', 'datetime', 'Completion Date'),
        f('ExtendedStatus', 'string', 'Status Detail', { length: 255 }),
        ref('ParentJobId', 'AsyncApexJob', 'ParentJob'),
        ref('CronTriggerId', 'CronTrigger', 'CronTrigger')
      ],
      readOnlyObject
    ),
    // Platform event the runtime publishes for batch classes that implement Database.RaisesPlatformEvents
    // (only the platform publishes it: Apex and the API cannot). Its rows are the event bus, delivered to
    // after insert triggers (org/event-bus.ts); runSoql on the store still reads them for local tools, the
    // API does not (describe: not queryable). Fields, labels and lengths from the Platform Events Developer
    // Guide and the Field Reference:
    // https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/sforce_api_objects_batchapexerrorevent.htm
    // https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-batchapexerrorevent.html
    // The key prefix is a local choice (unverified).
    {
      ...obj(
        'BatchApexErrorEvent',
        'e0B',
        [
          ro('ReplayId', 'string', 'Replay ID For Platform Event', { length: 1000 }),
          ro('EventUuid', 'string', 'Event UUID For Platform Event', { length: 36 }),
          ro('AsyncApexJobId', 'string', 'Async Apex Job ID', { length: 18 }),
          ro('DoesExceedJobScopeMaxLength', 'boolean', 'Item Values Max Length Exceeded', { defaultValue: false }),
          ro('ExceptionType', 'string', 'Exception Type Thrown', { length: 200 }),
          ro('JobScope', 'textarea', 'Items In Failed Batch', { length: 40000 }),
          ro('Message', 'string', 'Exception Message', { length: 5000 }),
          ro('Phase', 'string', 'Phase', { length: 8 }),
          ro('RequestId', 'string', 'Jetty Request ID', { length: 18 }),
          ro('StackTrace', 'string', 'Error Stack Trace', { length: 5000 })
        ],
        readOnlyObject
      ),
      queryable: false,
      platformEvent: true,
      publishBehavior: 'PublishImmediately'
    },
    // A subscriber of a platform event (here: an Apex trigger) and its place in the event stream, kept by
    // the event bus (org/event-bus.ts). Query only. Fields from
    // https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/sforce_api_objects_eventbussubscriber.htm
    // The key prefix is a local choice (unverified).
    obj(
      'EventBusSubscriber',
      '1ES',
      [
        ro('ExternalId', 'string', 'Subscriber ID', { length: 18 }),
        ro('LastError', 'string', 'Last Error', { length: 255 }),
        ro('Name', 'string', 'Name', { length: 255 }),
        ro('Position', 'int', 'Position'),
        ro('Retries', 'int', 'Retries'),
        ro('Status', 'picklist', 'Status', { picklistValues: picklist(['Running', 'Error', 'Stopped', 'Suspended']) }),
        ro('Tip', 'int', 'Tip'),
        ro('Topic', 'string', 'Topic', { length: 255 }),
        ro('Type', 'string', 'Type', { length: 40 })
      ],
      readOnlyObject
    ),
    obj(
      'ApexLog',
      '07L',
      [
        ref('LogUserId', 'User', 'LogUser'),
        f('LogLength', 'int', 'Size'),
        f('Operation', 'string', 'Operation', { length: 128 }),
        f('Request', 'string', 'Request Type', { length: 16 }),
        f('Status', 'string', 'Status', { length: 255 }),
        f('StartTime', 'datetime', 'Start Time'),
        f('DurationMilliseconds', 'int', 'Duration'),
        f('Application', 'string', 'Application', { length: 64 }),
        f('Location', 'picklist', 'Location', { picklistValues: picklist(['Monitoring', 'SystemLog', 'Profiling']) })
      ],
      { createable: false, updateable: false, deletable: true, tooling: true }
    ),
    // Debug logging (Tooling API): a DebugLevel names a level per log category; a TraceFlag applies one to
    // a user (or class/trigger) from StartDate to ExpirationDate. Fields from
    // https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-traceflag.html
    // and the DebugLevel page of the same reference. Key prefixes 7dl and 7tf are best-known values (unverified).
    obj(
      'DebugLevel',
      '7dl',
      [
        f('DeveloperName', 'string', 'Developer Name', { length: 80, nillable: false }),
        f('MasterLabel', 'string', 'Label', { length: 80, nillable: false }),
        f('Language', 'string', 'Language', { length: 40 }),
        ...LOG_CATEGORIES.map((c) =>
          f(c, 'picklist', c, { picklistValues: picklist(LOG_LEVELS), restrictedPicklist: true })
        )
      ],
      { tooling: true }
    ),
    obj(
      'TraceFlag',
      '7tf',
      [
        f('TracedEntityId', 'reference', 'Traced Entity ID', {
          length: 18,
          nillable: false,
          referenceTo: ['User', 'ApexClass', 'ApexTrigger'],
          relationshipName: 'TracedEntity'
        }),
        f('LogType', 'picklist', 'Log Type', {
          nillable: false,
          picklistValues: picklist(['USER_DEBUG', 'DEVELOPER_LOG', 'CLASS_TRACING', 'PROFILING']),
          restrictedPicklist: true
        }),
        ref('DebugLevelId', 'DebugLevel', 'DebugLevel', { nillable: false }),
        f('StartDate', 'datetime', 'Start Date'),
        f('ExpirationDate', 'datetime', 'Expiration Date', { nillable: false }),
        ...LOG_CATEGORIES.map((c) =>
          f(c, 'picklist', c, { picklistValues: picklist(LOG_LEVELS), restrictedPicklist: true })
        )
      ],
      { tooling: true }
    ),
    // Deployed static resources (rows written by the deploy). Fields from the Object Reference,
    // https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-staticresource.html
    // except Body (base64, not modelled: the bytes are kept with the deployed metadata and retrieved from
    // there). Key prefix 081 is the best-known value (unverified).
    obj('StaticResource', '081', [
      f('Name', 'string', 'Name', { length: 255, nillable: false }),
      ro('NamespacePrefix', 'string', 'Namespace Prefix', { length: 15 }),
      f('ContentType', 'string', 'MIME Type', { length: 120, nillable: false }),
      ro('BodyLength', 'int', 'Size', { nillable: false }),
      f('CacheControl', 'picklist', 'Cache Control', {
        length: 40,
        nillable: false,
        picklistValues: picklist(['Private', 'Public'], 'Private'),
        restrictedPicklist: true
      }),
      f('Description', 'textarea', 'Description', { length: 255 })
    ]),
    // The running user's effective permissions (one row; the local org's single admin has them all).
    obj(
      'UserPermissionAccess',
      '0ua',
      [
        'PermissionsApiEnabled',
        'PermissionsAuthorApex',
        'PermissionsModifyAllData',
        'PermissionsViewAllData',
        'PermissionsViewSetup',
        'PermissionsCustomizeApplication',
        'PermissionsManageUsers',
        'PermissionsManageNamedCredentials'
      ].map((name) =>
        f(name, 'boolean', name.replace(/^Permissions/, '').replace(/([a-z])([A-Z])/g, '$1 $2'), {
          nillable: false,
          defaultValue: true
        })
      ),
      readOnlyObject
    )
  ];
}
