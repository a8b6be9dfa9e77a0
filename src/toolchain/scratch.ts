/** Creating a scratch org for setup --scratch with @salesforce/core's scratchOrgCreate. */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigAggregator, Org, scratchOrgCreate } from '@salesforce/core';
import { Duration } from '@salesforce/kit';
import { ConfigurationError, ToolchainError, toToolchainError } from './errors.js';
import { authorizedUsername } from './org.js';

export type ScratchOptions = {
  projectDir: string;
  devHub?: string;
  alias: string;
  durationDays: number;
  definitionFile: string;
  waitMs: number;
};

export type ScratchOutcome = { username: string; orgId?: string; alias: string; warnings: string[] };

export async function createScratchOrg(options: ScratchOptions): Promise<ScratchOutcome> {
  const file = isAbsolute(options.definitionFile)
    ? options.definitionFile
    : join(options.projectDir, options.definitionFile);
  if (!existsSync(file)) {
    throw new ConfigurationError(`Scratch org definition not found: ${file}.`, ['Pass --definition-file <path>.']);
  }
  let orgConfig: Record<string, unknown>;
  try {
    orgConfig = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigurationError(`Scratch org definition ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const devHubName = options.devHub ?? (await ConfigAggregator.create()).getPropertyValue<string>('target-dev-hub');
  if (!devHubName) {
    throw new ConfigurationError('No Dev Hub: pass --dev-hub or set a default.', [
      'sf org login web --set-default-dev-hub --alias devhub',
      'sf config set target-dev-hub <alias|username>'
    ]);
  }
  let hubOrg: Org;
  try {
    hubOrg = await Org.create({ aliasOrUsername: await authorizedUsername(devHubName), isDevHub: true });
  } catch (error) {
    throw toToolchainError(error, devHubName);
  }
  try {
    const result = await scratchOrgCreate({
      hubOrg,
      orgConfig,
      alias: options.alias,
      setDefault: true,
      durationDays: options.durationDays,
      wait: Duration.milliseconds(options.waitMs),
      tracksSource: true
    });
    if (!result.username) throw new ToolchainError('The Dev Hub returned no username for the scratch org.');
    return {
      username: result.username,
      orgId: result.authFields?.orgId,
      alias: options.alias,
      warnings: result.warnings
    };
  } catch (error) {
    throw toToolchainError(error, devHubName);
  }
}
