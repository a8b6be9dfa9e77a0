/**
 * Names, flags and help of every command. Deliberately free of @salesforce/* imports: `--help`
 * and flag errors are answered before the heavy modules load.
 */
import { DEFAULT_CRON } from '../names.js';
import {
  parseBatchSize,
  parseCron,
  parseDateFlag,
  parseIntegerFlag,
  parseTestLevel,
  type FlagSpecs,
  type ParsedFlags
} from '../flags.js';
import { parseRange, parseSources } from '../rateSources.js';

export type CommandName =
  'setup' | 'deploy' | 'run' | 'verify' | 'schedule' | 'unschedule' | 'status' | 'backfill' | 'prune';

export type CommandSpec = {
  name: CommandName;
  summary: string;
  description: string;
  examples: string[];
  flags: FlagSpecs;
  /** Checks flag values before the command (and the Salesforce libraries) load. */
  validate?: (flags: ParsedFlags) => void;
};

const str = (flags: ParsedFlags, name: string): string | undefined =>
  typeof flags[name] === 'string' ? (flags[name] as string) : undefined;

function check(flags: ParsedFlags, name: string, parse: (value: string) => unknown): void {
  const value = str(flags, name);
  if (value !== undefined) parse(value);
}

const checkWait = (flags: ParsedFlags): void => check(flags, 'wait', (v) => parseIntegerFlag(v, 'wait', 1, 1440));
const checkTestLevel = (flags: ParsedFlags): void => check(flags, 'test-level', parseTestLevel);

const checkJobsWait = (flags: ParsedFlags): void =>
  check(flags, 'jobs-wait', (v) => parseIntegerFlag(v, 'jobs-wait', 0, 1440));

/** Deploys of Apex wait for the project's queued or running Apex jobs (an org refuses the deploy meanwhile). */
const jobsWait: FlagSpecs = {
  'jobs-wait': {
    type: 'string',
    valueName: 'minutes',
    default: '10',
    description:
      "How long to wait for queued or running Apex jobs of the project's classes before deploying (0: stop at once)."
  }
};

const wait: FlagSpecs = {
  wait: { type: 'string', valueName: 'minutes', default: '30', description: 'How long to wait for the operation.' }
};

export const SPECS: Record<CommandName, CommandSpec> = {
  setup: {
    name: 'setup',
    validate: (flags) => {
      check(flags, 'duration-days', (v) => parseIntegerFlag(v, 'duration-days', 1, 30));
      check(flags, 'auth-timeout', (v) => parseIntegerFlag(v, 'auth-timeout', 0, 86_400));
      checkTestLevel(flags);
      checkJobsWait(flags);
      checkWait(flags);
    },
    summary: 'Check the org, deploy, assign DatedRatesAdmin and authenticate the named principal.',
    description: [
      'Preflight: API access, multi-currency, Advanced Currency Management, a corporate currency',
      'and another active currency, dated rates to roll forward. Then deploys force-app (skipped',
      'when unchanged since the last successful deploy to this org), assigns the DatedRatesAdmin',
      'permission set to the running user, prints the URL an admin opens to authenticate the',
      'named principal of the External Credential DatedRatesOrgApi, and waits until a callout',
      'through the Named Credential returns 200. Safe to re-run: a configured org is left alone.'
    ].join('\n'),
    examples: [
      'npm run setup -- -o myorg',
      'npm run setup -- --scratch --alias dated-rates',
      'npm run setup -- -o myorg --skip-auth --json'
    ],
    flags: {
      scratch: {
        type: 'boolean',
        description: 'First create a scratch org from config/project-scratch-def.json with the default Dev Hub.'
      },
      'dev-hub': {
        type: 'string',
        valueName: 'alias|username',
        description: 'Dev Hub for --scratch (default: target-dev-hub config).'
      },
      alias: {
        type: 'string',
        valueName: 'alias',
        default: 'dated-rates',
        description: 'Alias of the scratch org (--scratch).'
      },
      'duration-days': {
        type: 'string',
        valueName: 'days',
        default: '7',
        description: 'Scratch org lifetime, 1-30 (--scratch).'
      },
      'definition-file': {
        type: 'string',
        valueName: 'path',
        default: 'config/project-scratch-def.json',
        description: 'Scratch org definition (--scratch).'
      },
      'force-deploy': {
        type: 'boolean',
        description: 'Deploy even when force-app is unchanged since the last deploy.'
      },
      'test-level': {
        type: 'string',
        valueName: 'RunSpecifiedTests|RunLocalTests|NoTestRun',
        default: 'RunSpecifiedTests',
        description: 'Apex tests during the deploy; RunSpecifiedTests runs every *_Tests class of the project.'
      },
      'enable-multi-currency': {
        type: 'string',
        valueName: 'username',
        description:
          "Turn on multi-currency and Advanced Currency Management (deploys org-settings/; CANNOT be undone). Confirm by giving the target org's username."
      },
      'skip-auth': { type: 'boolean', description: 'Do not wait for the named principal; print the URL only.' },
      'auth-timeout': {
        type: 'string',
        valueName: 'seconds',
        default: '600',
        description: 'How long to wait for the admin to authenticate the named principal.'
      },
      ...jobsWait,
      ...wait
    }
  },
  deploy: {
    name: 'deploy',
    validate: (flags) => {
      checkTestLevel(flags);
      checkJobsWait(flags);
      checkWait(flags);
    },
    summary: 'Deploy force-app with the sfdx-project.json replacements and run the project Apex tests.',
    description: [
      'Deploys force-app through the Metadata API (@salesforce/source-deploy-retrieve) with test',
      'level RunSpecifiedTests over every *_Tests class. DATED_RATES_MY_DOMAIN_URL is set from the',
      "org's instance URL; the client id, secret and contact email come from the environment or .env.",
      'Prints component failures as file:line:column, test failures, and coverage per class.',
      'The consumer key and secret exist only once the external client app is deployed: on a new',
      'org deploy with --client-app-only first, copy them into .env, then deploy again.'
    ].join('\n'),
    examples: [
      'npm run deploy -- -o myorg',
      'npm run deploy -- -o myorg --json --wait 60',
      'npm run deploy -- -o myorg --client-app-only'
    ],
    flags: {
      'test-level': {
        type: 'string',
        valueName: 'RunSpecifiedTests|RunLocalTests|NoTestRun',
        default: 'RunSpecifiedTests',
        description: 'Apex tests during the deploy; RunSpecifiedTests runs every *_Tests class of the project.'
      },
      'client-app-only': {
        type: 'boolean',
        description:
          'First deploy to a new org: everything but the auth provider, credentials and permission set, no tests (no consumer key/secret needed yet).'
      },
      ...jobsWait,
      ...wait
    }
  },
  run: {
    name: 'run',
    validate: (flags) => {
      check(flags, 'date', (v) => parseDateFlag(v));
      check(flags, 'batch-size', parseBatchSize);
      check(flags, 'source', parseSources);
      checkWait(flags);
    },
    summary: 'Start the roll-forward batch, follow the job and print the run summary.',
    description: [
      'Starts CreateDatedConversionRate through anonymous Apex, reads the job id from the debug log,',
      'polls AsyncApexJob until it ends and prints the DatedRateRun__c summary of that job.',
      "Without --date the batch rolls forward to today in the org's default time zone."
    ].join('\n'),
    examples: [
      'npm run run -- -o myorg',
      'npm run run -- -o myorg --date 2026-11-28 --batch-size 50',
      'npm run run -- -o myorg --source ecb,rollforward'
    ],
    flags: {
      source: {
        type: 'string',
        valueName: 'ECB|OXR|RollForward,...',
        description: 'Rate sources in fallback order (default: RateSources__c of the Default setting).'
      },
      date: { type: 'string', valueName: 'YYYY-MM-DD', description: 'Target date (default: today).' },
      'batch-size': {
        type: 'string',
        valueName: '1-2000',
        description: 'Batch scope size (default: the Default setting).'
      },
      ...wait
    }
  },
  verify: {
    name: 'verify',
    validate: (flags) => check(flags, 'date', (v) => parseDateFlag(v)),
    summary: "Check that every active currency's rate was rolled forward to the target date.",
    description: [
      'For every active non-corporate currency: a DatedConversionRate must start on the target date',
      'and equal the rate of the previous period. Prints a table; exits 1 on any mismatch or missing',
      'rate. Currencies without any earlier rate are reported as such and do not fail.'
    ].join('\n'),
    examples: [
      'npm run verify -- -o myorg',
      'npm run verify -- -o myorg --date 2026-11-28 --json',
      'npm run verify -- -o myorg --sourced'
    ],
    flags: {
      sourced: {
        type: 'boolean',
        description:
          'After a run from rate sources: check each currency has a positive rate with its source and fixing date.'
      },
      date: {
        type: 'string',
        valueName: 'YYYY-MM-DD',
        description: 'Target date (default: the target date of the last run recorded in the org).'
      }
    }
  },
  schedule: {
    name: 'schedule',
    validate: (flags) => check(flags, 'cron', parseCron),
    summary: 'Schedule the daily roll-forward (replaces an existing schedule).',
    description: [
      `Calls DatedRateScheduler.scheduleDaily(cron) under the fixed job name. The cron expression is`,
      'Seconds Minutes Hours Day_of_month Month Day_of_week [Year], in the time zone of the user',
      'who schedules. Scheduling the same expression again changes nothing.'
    ].join('\n'),
    examples: ['npm run schedule -- -o myorg', "npm run schedule -- -o myorg --cron '0 30 2 * * ?'"],
    flags: { cron: { type: 'string', valueName: 'expression', default: DEFAULT_CRON, description: 'When to run.' } }
  },
  unschedule: {
    name: 'unschedule',
    summary: 'Remove the daily roll-forward schedule (nothing to do when there is none).',
    description: 'Calls DatedRateScheduler.unschedule(). Safe to run when nothing is scheduled.',
    examples: ['npm run unschedule -- -o myorg'],
    flags: {}
  },
  backfill: {
    name: 'backfill',
    validate: (flags) => {
      parseRange(str(flags, 'from'), str(flags, 'to'));
      check(flags, 'source', parseSources);
      checkWait(flags);
    },
    summary: 'Create the missing dated rates of every day of a range from the rate sources.',
    description: [
      'Starts DatedRateBackfill (a batch over dates) through anonymous Apex and follows it. Each chunk of',
      'days asks each source once, skips rates that already exist and writes the rest through sObject',
      'Collections (⌈records/200⌉ callouts). Running it again creates nothing. The range must not end',
      "after today (the org's time zone) and may span at most MaxBackfillDays__c days (366 by default)."
    ].join('\n'),
    examples: [
      'npm run backfill -- -o myorg --from 2026-01-01 --to 2026-03-31',
      'npm run backfill -- -o myorg --from 2025-12-01 --to 2025-12-31 --source ecb'
    ],
    flags: {
      from: { type: 'string', valueName: 'YYYY-MM-DD', description: 'First day of the range.' },
      to: { type: 'string', valueName: 'YYYY-MM-DD', description: 'Last day of the range (not after today).' },
      source: {
        type: 'string',
        valueName: 'ECB|OXR|RollForward,...',
        description: 'Rate sources in fallback order (default: RateSources__c).'
      },
      ...wait
    }
  },
  prune: {
    name: 'prune',
    validate: (flags) => {
      parseRange(str(flags, 'from'), str(flags, 'to'));
    },
    summary: 'Delete the dated rates this project created in a range (after a confirmation).',
    description: [
      'Deletes, through sObject Collections (200 ids per request), the DatedConversionRate records of',
      'the range that a DatedRateProvenance__c row names (the rates the batch and the backfill wrote),',
      'then those rows. Rates the project did not create are left alone unless --all. Asks before',
      'deleting; without a terminal (or with --json) it needs --yes.'
    ].join('\n'),
    examples: [
      'npm run prune -- -o myorg --from 2026-01-01 --to 2026-01-31',
      'npm run prune -- -o myorg --from 2026-01-01 --to 2026-01-31 --all --yes'
    ],
    flags: {
      from: { type: 'string', valueName: 'YYYY-MM-DD', description: 'First day of the range.' },
      to: { type: 'string', valueName: 'YYYY-MM-DD', description: 'Last day of the range.' },
      all: { type: 'boolean', description: 'Also delete rates this project did not create.' },
      yes: { type: 'boolean', description: 'Do not ask for confirmation.' }
    }
  },
  status: {
    name: 'status',
    summary: 'Show the schedule, the last batch job and the last run summary.',
    description: 'Reads CronTrigger (next fire time), AsyncApexJob (last job) and DatedRateRun__c (last run).',
    examples: ['npm run status -- -o myorg', 'npm run status -- --json'],
    flags: {}
  }
};
