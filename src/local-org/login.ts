/**
 * Registers a running local org in the sf CLI's auth store through @salesforce/core, so that
 * `sf … -o <alias>` works. It authenticates with a refresh token (the refresh-token grant of our
 * /services/oauth2/token), so the CLI renews expired access tokens by itself.
 */
import { AuthInfo } from '@salesforce/core';

export class CliLoginError extends Error {
  constructor(alias: string, cause: unknown) {
    super(
      `could not register the local org as '${alias}' with the sf CLI: ${cause instanceof Error ? cause.message : String(cause)}. Check that the server is reachable and that ~/.sfdx is writable.`
    );
    this.name = 'CliLoginError';
  }
}

export async function registerWithCli(
  org: { instanceUrl: string; refreshToken: string },
  alias: string
): Promise<string> {
  try {
    const authInfo = await AuthInfo.create({
      oauth2Options: { refreshToken: org.refreshToken, loginUrl: org.instanceUrl, instanceUrl: org.instanceUrl }
    });
    await authInfo.save();
    await authInfo.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
    return authInfo.getUsername();
  } catch (e) {
    throw new CliLoginError(alias, e);
  }
}
