/**
 * Typed errors of the toolchain. Every error carries a stable `name`, an actionable message,
 * `actions` (what to do next) and the process exit code. `toToolchainError` maps what
 * @salesforce/core, jsforce and the Metadata API throw onto these classes.
 */

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  connection: 3,
  permission: 4,
  configuration: 5
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class ToolchainError extends Error {
  public readonly actions: string[];
  public readonly exitCode: ExitCode;
  /** Extra machine-readable detail, printed under `data` with --json. */
  public readonly data?: unknown;

  public constructor(
    message: string,
    options: { actions?: string[]; exitCode?: ExitCode; cause?: unknown; data?: unknown } = {}
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.actions = options.actions ?? [];
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.data = options.data;
  }
}

/** A flag or argument is missing, unknown or malformed. */
export class UsageError extends ToolchainError {
  public constructor(message: string, actions: string[] = []) {
    super(message, { actions: [...actions, 'Run the command with --help to see its flags.'], exitCode: EXIT.usage });
  }
}

/** No -o/--target-org and no target-org config. */
export class NoTargetOrgError extends ToolchainError {
  public constructor() {
    super('No target org: pass -o/--target-org <alias|username> or set a default.', {
      actions: ['sf config set target-org <alias|username>', 'sf org login web --alias <alias>'],
      exitCode: EXIT.connection
    });
  }
}

/** The alias or username is not known to the Salesforce CLI on this machine. */
export class UnknownOrgError extends ToolchainError {
  public constructor(aliasOrUsername: string, cause?: unknown) {
    super(`No authorized org found for "${aliasOrUsername}".`, {
      actions: ['sf org list', `sf org login web --alias ${aliasOrUsername}`],
      exitCode: EXIT.connection,
      cause
    });
  }
}

/** The access token is invalid and could not be refreshed. */
export class SessionExpiredError extends ToolchainError {
  public constructor(org: string, detail: string, cause?: unknown) {
    super(`The session for ${org} has expired or is invalid and could not be refreshed (${detail}).`, {
      actions: [`sf org login web --alias ${org}`, 'Then run the command again.'],
      exitCode: EXIT.connection,
      cause
    });
  }
}

/** The org could not be reached over HTTP. */
export class OrgUnreachableError extends ToolchainError {
  public constructor(detail: string, cause?: unknown) {
    super(`The org could not be reached: ${detail}.`, {
      actions: ['Check the instance URL (sf org display) and your network connection.'],
      exitCode: EXIT.connection,
      cause
    });
  }
}

/** The running user lacks a permission the command needs. */
export class PermissionError extends ToolchainError {
  public constructor(detail: string, actions: string[] = [], cause?: unknown) {
    super(`Missing permission: ${detail}.`, {
      actions: actions.length
        ? actions
        : ['Run as a System Administrator, or assign the missing permission to the user.'],
      exitCode: EXIT.permission,
      cause
    });
  }
}

/** A required environment variable or project file is missing. */
export class ConfigurationError extends ToolchainError {
  public constructor(message: string, actions: string[] = []) {
    super(message, { actions, exitCode: EXIT.configuration });
  }
}

/** One or more preflight checks failed. */
export class PreflightError extends ToolchainError {
  public constructor(failed: string[], data?: unknown, actions: string[] = []) {
    super(`Preflight failed: ${failed.join('; ')}.`, {
      actions: ['Fix the checks marked FAIL (each shows a hint) and run setup again.', ...actions],
      data
    });
  }
}

/** The Metadata API deploy did not succeed. */
export class DeployFailedError extends ToolchainError {
  public constructor(summary: string, data?: unknown) {
    super(`Deploy failed: ${summary}.`, {
      actions: ['Fix the problems listed above (file:line:column) and run deploy again.'],
      data
    });
  }
}

/** Anonymous Apex did not compile or threw. */
export class ApexExecutionError extends ToolchainError {
  public constructor(what: string, detail: string, actions: string[] = []) {
    super(`${what} failed: ${detail}`, {
      actions: actions.length ? actions : ['Run deploy first so the project classes exist in the org.']
    });
  }
}

/** The batch job ended in a state other than Completed, or the run recorded failures. */
export class JobFailedError extends ToolchainError {
  public constructor(message: string, data?: unknown) {
    super(message, {
      actions: ['Read the run summary above; npm run status -- -o <org> shows the last job.'],
      data
    });
  }
}

/** A wait (deploy, job, named principal) ran out of time. */
export class TimeoutError extends ToolchainError {
  public constructor(what: string, seconds: number, actions: string[] = []) {
    super(`Timed out after ${seconds} s waiting for ${what}.`, { actions });
  }
}

/** verify without --date in an org where the batch has not run yet: there is no target date to check. */
export class NoRunYetError extends ToolchainError {
  public constructor() {
    super('No run of the batch is recorded in this org yet, so there is no target date to verify.', {
      actions: ['npm run run -- -o <org>  (then verify again)', 'npm run verify -- --date YYYY-MM-DD -o <org>']
    });
  }
}

/** verify found rates that were not rolled forward correctly. */
export class VerificationError extends ToolchainError {
  public constructor(problems: number, targetDate: string, data?: unknown) {
    super(`${problems} currenc${problems === 1 ? 'y is' : 'ies are'} not rolled forward correctly for ${targetDate}.`, {
      actions: ['npm run run -- --date ' + targetDate + ' -o <org>', 'npm run status -- -o <org>'],
      data
    });
  }
}

/**
 * True for ToolchainErrors, also when thrown by a second copy of this module (a test runner that
 * loads the lazily imported commands through another module system), hence the shape check.
 */
export function isToolchainError(error: unknown): error is ToolchainError {
  if (error instanceof ToolchainError) return true;
  const e = error as Partial<ToolchainError> | null;
  return error instanceof Error && e !== null && Array.isArray(e.actions) && typeof e.exitCode === 'number';
}

type ErrorLike = { name?: unknown; message?: unknown; errorCode?: unknown; code?: unknown };

function field(error: unknown, key: keyof ErrorLike): string {
  if (typeof error !== 'object' || error === null) return '';
  const value = (error as ErrorLike)[key];
  return typeof value === 'string' ? value : '';
}

const SESSION_PATTERNS = [
  /INVALID_SESSION_ID/,
  /invalid_grant/i,
  /expired access\/refresh token/i,
  /RefreshTokenAuthError/,
  /Session expired or invalid/i,
  /authForAnonymousApexFailed|authentication for execute anonymous failed/i
];
const PERMISSION_PATTERNS = [
  /INSUFFICIENT_ACCESS/,
  /API_DISABLED_FOR_ORG/,
  /API_CURRENTLY_DISABLED/,
  /insufficient access rights/i,
  /FUNCTIONALITY_NOT_ENABLED/
];
const NETWORK_PATTERNS = [/ECONNREFUSED/, /ENOTFOUND/, /ECONNRESET/, /ETIMEDOUT/, /EAI_AGAIN/, /fetch failed/];

/**
 * Maps anything thrown by @salesforce/core, jsforce, SDR or apex-node to a ToolchainError.
 * @param org the alias or username the command targeted, used in messages
 */
export function toToolchainError(error: unknown, org = 'the target org'): ToolchainError {
  if (isToolchainError(error)) return error;
  const name = field(error, 'name');
  const message = field(error, 'message') || String(error);
  const code = field(error, 'errorCode') || field(error, 'code');
  const text = `${name} ${code} ${message}`;
  if (name === 'NamedOrgNotFoundError' || name === 'NoAuthInfoFound' || name === 'AuthInfoCreationError') {
    return new UnknownOrgError(org, error);
  }
  if (SESSION_PATTERNS.some((p) => p.test(text))) {
    return new SessionExpiredError(org, code || name || 'INVALID_SESSION_ID', error);
  }
  if (PERMISSION_PATTERNS.some((p) => p.test(text))) {
    return new PermissionError(`${code || name}: ${message}`, [], error);
  }
  if (NETWORK_PATTERNS.some((p) => p.test(text))) {
    return new OrgUnreachableError(message, error);
  }
  return new ToolchainError(message, {
    actions: ['Run again with DEBUG=dated-rates to see the stack trace.'],
    cause: error
  });
}
