/**
 * Resolving -o/--target-org the way `sf` does (alias or username, else the target-org config)
 * and opening a @salesforce/core Connection. Works with any instance URL, including
 * http://127.0.0.1:<port> for the local org.
 */
import { ConfigAggregator, Connection, Org, StateAggregator } from '@salesforce/core';
import { NoTargetOrgError, UnknownOrgError } from './errors.js';

export type TargetOrg = {
  /** What the user typed or the config held. */
  requested: string;
  username: string;
  org: Org;
  connection: Connection;
};

/** Reads the target-org config (local project config first, then global), as sf does. */
export async function defaultTargetOrg(): Promise<string | undefined> {
  const aggregator = await ConfigAggregator.create();
  // ConfigAggregator caches one instance per project path for the life of the process; re-read
  // the files so that a config set since (by `sf config set` or another command) is seen.
  await aggregator.reload();
  const value = aggregator.getPropertyValue<string>('target-org');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Resolves an alias to its username and checks that the CLI holds an authorization for it.
 * @throws UnknownOrgError when it does not
 */
export async function authorizedUsername(aliasOrUsername: string): Promise<string> {
  const state = await StateAggregator.getInstance();
  const username = state.aliases.resolveUsername(aliasOrUsername);
  if (!(await state.orgs.hasFile(username))) throw new UnknownOrgError(aliasOrUsername);
  return username;
}

/**
 * Resolves the org and opens a connection pinned to `apiVersion` when given.
 * @throws NoTargetOrgError when neither the flag nor the config names an org
 * @throws UnknownOrgError when the alias or username has no stored authorization
 */
export async function resolveTargetOrg(flag: string | undefined, apiVersion?: string): Promise<TargetOrg> {
  const requested = flag ?? (await defaultTargetOrg());
  if (!requested) throw new NoTargetOrgError();
  const username = await authorizedUsername(requested);
  let org: Org;
  try {
    org = await Org.create({ aliasOrUsername: username });
  } catch (error) {
    throw new UnknownOrgError(requested, error);
  }
  const connection = org.getConnection(apiVersion);
  return { requested, username, org, connection };
}
