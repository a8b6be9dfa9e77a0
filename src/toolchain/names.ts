/**
 * Names shared with the Salesforce metadata (see docs/components.md). Change them there first.
 */
export const NAMES = {
  batchClass: 'CreateDatedConversionRate',
  schedulerClass: 'DatedRateScheduler',
  scheduledJobName: 'Dated Rates Daily Roll-Forward',
  runObject: 'DatedRateRun__c',
  settingsType: 'DatedRateSetting__mdt',
  settingsRecord: 'Default',
  externalCredential: 'DatedRatesOrgApi',
  namedPrincipal: 'DatedRatesNamedPrincipal',
  namedCredential: 'DatedRatesOrgApi',
  permissionSet: 'DatedRatesAdmin',
  myDomainEnv: 'DATED_RATES_MY_DOMAIN_URL',
  consumerKeyEnv: 'DATED_RATES_CONSUMER_KEY',
  consumerSecretEnv: 'DATED_RATES_CONSUMER_SECRET',
  externalClientApp: 'DatedRatesOrgClient',
  globalOauthSettings: 'DatedRatesOrgClient_glbloauth',
  oxrExternalCredential: 'DatedRatesOxr',
  oxrPrincipal: 'DatedRatesOxrPrincipal',
  oxrKeyParameter: 'AppId',
  oxrKeyEnv: 'DATED_RATES_OXR_APP_ID'
} as const;

/** Default cron expression: every day at 01:00 in the scheduling user's time zone. */
export const DEFAULT_CRON = '0 0 1 * * ?';

/** Fields of DatedRateRun__c that the toolchain reads (docs/components.md). */
export const RUN_FIELDS = [
  'Id',
  'Name',
  'JobId__c',
  'TargetDate__c',
  'Status__c',
  'CreatedCount__c',
  'UpdatedCount__c',
  'SkippedCount__c',
  'FailedCount__c',
  'CalloutCount__c',
  'Message__c',
  'Failures__c',
  'StartedAt__c',
  'FinishedAt__c'
] as const;
