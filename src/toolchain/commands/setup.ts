/** `setup`: preflight, deploy, permission set, named principal. Idempotent. */
import type { CommandContext } from '../context.js';
import { currentDeploy, deployProject, firstPhaseNeeded, type DeployReport } from '../deploy.js';
import { PreflightError, UsageError } from '../errors.js';
import { parseIntegerFlag } from '../flags.js';
import { NAMES } from '../names.js';
import { resolveTargetOrg } from '../org.js';
import { assignPermissionSet, type AssignmentOutcome } from '../permset.js';
import { formatChecks, runPreflight, type CheckResult } from '../preflight.js';
import { describeCheck, ensurePrincipal, type PrincipalOutcome } from '../principal.js';
import { setProviderKeys, type ProviderKeyOutcome } from '../providerKeys.js';
import { detectOrgType, type OrgType } from '../orgType.js';
import { findApexClasses, loadDotEnv, readProject } from '../project.js';
import { waitForNoActiveJobs, type ActiveJobsOutcome } from '../activeJobs.js';
import { credentialsNotReturned, fillClientCredentials } from '../clientCredentials.js';
import { withSchedulePaused, type PauseOutcome } from '../schedulePause.js';
import { createScratchOrg, type ScratchOutcome } from '../scratch.js';
import { soqlString } from '../format.js';
import { queryRunningUser } from '../user.js';
import { connect, jobsWaitMs, stringFlag, testLevel, waitMs } from './shared.js';
import type { Connection } from '@salesforce/core';

export type SetupResult = {
  username: string;
  orgType: OrgType;
  scratchOrg: ScratchOutcome | null;
  checks: CheckResult[];
  deploy: { skipped: boolean; deployId: string; report: DeployReport | null };
  /** Where the consumer key and secret came from, and the phase-1 deploy when one was needed. */
  clientApp: { credentials: 'env' | 'org' | 'missing'; phase1DeployId: string | null };
  /** The scheduled job paused and restored around the deploy (null: no deploy made). */
  schedulePause: PauseOutcome | null;
  /** The project's queued or running Apex jobs waited for before the deploy (null: no deploy made). */
  activeJobs: ActiveJobsOutcome | null;
  /** The confirmed currency-settings deploy (--enable-multi-currency), null when not made. */
  currencySettings: { deployId: string } | null;
  permissionSet: AssignmentOutcome;
  principal: PrincipalOutcome;
  /** The keyed provider's key set from the environment, or null when none was given. */
  providerKey: ProviderKeyOutcome | null;
  changed: boolean;
};

/** Preflight checks that the currency settings (org-settings/) turn into passes. */
const CURRENCY_CHECKS = ['multicurrency', 'acm'];

/** Classes whose presence shows that an earlier deploy is still in the org. */
const MARKER_CLASSES = [NAMES.batchClass, NAMES.schedulerClass];

async function projectClassesPresent(connection: Connection): Promise<boolean> {
  const result = await connection.query<{ Name: string }>(
    `SELECT Name FROM ApexClass WHERE Name IN (${MARKER_CLASSES.map(soqlString).join(', ')})`
  );
  return result.records.length === MARKER_CLASSES.length;
}

export async function setupCommand(ctx: CommandContext): Promise<SetupResult> {
  const { ux } = ctx;
  const timeout = waitMs(ctx);
  const level = testLevel(ctx);
  const jobsWait = jobsWaitMs(ctx);
  const authTimeoutS = parseIntegerFlag(stringFlag(ctx, 'auth-timeout') ?? '600', 'auth-timeout', 0, 86_400);
  const durationDays = parseIntegerFlag(stringFlag(ctx, 'duration-days') ?? '7', 'duration-days', 1, 30);
  readProject(ctx.projectDir); // fail early outside a project

  let scratchOrg: ScratchOutcome | null = null;
  let target;
  if (ctx.flags.scratch) {
    ux.log('Creating a scratch org with the Dev Hub...');
    scratchOrg = await createScratchOrg({
      projectDir: ctx.projectDir,
      devHub: stringFlag(ctx, 'dev-hub'),
      alias: stringFlag(ctx, 'alias') ?? 'dated-rates',
      durationDays,
      definitionFile: stringFlag(ctx, 'definition-file') ?? 'config/project-scratch-def.json',
      waitMs: timeout
    });
    for (const w of scratchOrg.warnings) ux.warn(w);
    ux.log(`Created scratch org ${scratchOrg.username} (alias ${scratchOrg.alias}).`);
    target = await resolveTargetOrg(scratchOrg.username, readProject(ctx.projectDir).sourceApiVersion);
  } else {
    target = await connect(ctx);
  }
  const { connection, username } = target;
  const orgType = await detectOrgType(connection);
  ux.log(`Org ${username} is a ${orgType.type} org.`);
  ux.log(`Preflight checks for ${username}:`);
  let preflight = await runPreflight(connection);
  for (const line of formatChecks(preflight.checks)) ux.log(line);
  const currencyOff = preflight.checks.some((c) => CURRENCY_CHECKS.includes(c.id) && c.status === 'fail');
  const confirmation = stringFlag(ctx, 'enable-multi-currency');
  let currencySettings: SetupResult['currencySettings'] = null;
  if (currencyOff && confirmation !== undefined) {
    if (confirmation !== username)
      throw new UsageError(
        `--enable-multi-currency must be given the target org's username (${username}) to confirm: multi-currency cannot be turned off once it is on.`
      );
    ux.log('Enabling multi-currency and Advanced Currency Management (org-settings/, cannot be undone)...');
    const report = await deployProject({
      connection,
      projectDir: ctx.projectDir,
      env: ctx.env,
      ux,
      waitMs: timeout,
      phase: 'currency-settings',
      orgType: orgType.type
    });
    currencySettings = { deployId: report.id };
    ux.log(`Preflight checks again for ${username}:`);
    preflight = await runPreflight(connection);
    for (const line of formatChecks(preflight.checks)) ux.log(line);
  }
  const failed = preflight.checks.filter((c) => c.status === 'fail');
  if (failed.length) {
    const actions = currencyOff
      ? [
          `Turn multi-currency and ACM on in Setup, or let setup deploy org-settings/ (irreversible): npm run setup -- -o ${target.requested} --enable-multi-currency ${username}`
        ]
      : [];
    throw new PreflightError(
      failed.map((c) => c.label),
      { checks: preflight.checks },
      actions
    );
  }

  const apiVersion = readProject(ctx.projectDir).sourceApiVersion ?? connection.getApiVersion();
  loadDotEnv(ctx.projectDir, ctx.env);
  let credentials = await fillClientCredentials(connection, ctx.env, apiVersion, timeout);
  let phase1DeployId: string | null = null;
  if (credentials === 'missing' && firstPhaseNeeded(ctx.projectDir, connection, ctx.env)) {
    ux.log('No consumer key and secret yet: deploying the external client app first (phase 1 of a first deploy).');
    const report = await deployProject({
      connection,
      projectDir: ctx.projectDir,
      env: ctx.env,
      ux,
      waitMs: timeout,
      phase: 'client-app',
      orgType: orgType.type
    });
    phase1DeployId = report.id;
    credentials = await fillClientCredentials(connection, ctx.env, apiVersion, timeout);
    if (credentials === 'missing') throw credentialsNotReturned(report.id);
  }
  if (credentials === 'org')
    ux.log(
      `Consumer key and secret of ${NAMES.externalClientApp}: read back from the org (Metadata API retrieve); kept in memory, not written to .env or source.`
    );
  let deploy: SetupResult['deploy'];
  let schedulePause: PauseOutcome | null = null;
  let activeJobs: ActiveJobsOutcome | null = null;
  const cached = ctx.flags['force-deploy'] ? undefined : currentDeploy(ctx.projectDir, connection, ctx.env);
  if (cached && (await projectClassesPresent(connection))) {
    ux.log(
      `Deploy: skipped, force-app is unchanged since deploy ${cached.deployId} (${cached.deployedAt}); --force-deploy to deploy anyway.`
    );
    deploy = { skipped: true, deployId: cached.deployId, report: null };
  } else {
    const classNames = findApexClasses(readProject(ctx.projectDir));
    const { result: report, pause } = await withSchedulePaused(connection, ux, async () => {
      activeJobs = await waitForNoActiveJobs(connection, classNames, { ux, clock: ctx.clock, timeoutMs: jobsWait });
      return deployProject({
        connection,
        projectDir: ctx.projectDir,
        env: ctx.env,
        ux,
        waitMs: timeout,
        testLevel: level,
        orgType: orgType.type
      });
    });
    schedulePause = pause;
    deploy = { skipped: false, deployId: report.id, report };
  }

  const user = await queryRunningUser(connection, username);
  const permissionSet = await assignPermissionSet(connection, user.Id);
  ux.log(
    permissionSet.changed
      ? `Permission set ${NAMES.permissionSet}: assigned to ${username}.`
      : `Permission set ${NAMES.permissionSet}: already assigned to ${username}.`
  );

  const providerKey = await setProviderKeys(connection, ctx.env);
  if (providerKey)
    ux.log(
      `Open Exchange Rates App ID (${NAMES.oxrKeyEnv}): ${providerKey.action} on principal ${providerKey.principal} of External Credential ${providerKey.externalCredential} (Connect REST API; not written anywhere else).`
    );

  const principal = await ensurePrincipal(connection, {
    ux,
    clock: ctx.clock,
    timeoutMs: ctx.flags['skip-auth'] ? 0 : authTimeoutS * 1000
  });
  if (principal.authenticated) {
    ux.log(
      `Named principal ${NAMES.namedPrincipal}: ${principal.alreadyAuthenticated ? 'already authenticated' : 'authenticated'} (test callout ${describeCheck(principal.lastCheck)}).`
    );
  }
  const changed = scratchOrg !== null || !deploy.skipped || permissionSet.changed || !principal.alreadyAuthenticated;
  ux.log(changed ? 'Setup finished.' : 'The org is already set up: nothing changed.');
  return {
    username,
    orgType: orgType.type,
    scratchOrg,
    checks: preflight.checks,
    deploy,
    clientApp: { credentials, phase1DeployId },
    schedulePause,
    activeJobs,
    currencySettings,
    permissionSet,
    principal,
    providerKey,
    changed: changed || currencySettings !== null || phase1DeployId !== null
  };
}
