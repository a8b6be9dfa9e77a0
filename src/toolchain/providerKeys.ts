/**
 * Keyed rate providers: the key is an authentication parameter of the External Credential's named principal,
 * set through the Connect REST API (`/named-credentials/credential`: POST creates, PUT replaces,
 * https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/connect_resources_named_credential.htm),
 * exactly as Setup > Named Credentials > External Credentials > Principals would. The value comes from the
 * environment (`.env`, never committed) and is sent encrypted; it is never written to source or custom metadata.
 */
import type { Connection } from '@salesforce/core';
import { toToolchainError } from './errors.js';
import { NAMES } from './names.js';

export type ProviderKeyOutcome = { externalCredential: string; principal: string; action: 'created' | 'replaced' };

type CredentialOutput = { authenticationStatus?: string; credentials?: Record<string, unknown> };

/** Sets the Open Exchange Rates App ID when `DATED_RATES_OXR_APP_ID` is set; null when it is not. */
export async function setProviderKeys(
  connection: Connection,
  env: NodeJS.ProcessEnv
): Promise<ProviderKeyOutcome | null> {
  const key = env[NAMES.oxrKeyEnv]?.trim();
  if (!key) return null;
  const base = `/services/data/v${connection.getApiVersion()}/named-credentials/credential`;
  const ids = {
    externalCredential: NAMES.oxrExternalCredential,
    principalName: NAMES.oxrPrincipal,
    principalType: 'NamedPrincipal'
  };
  try {
    const current = await connection.request<CredentialOutput>({
      method: 'GET',
      url: `${base}?${new URLSearchParams(ids).toString()}`
    });
    const exists = current.authenticationStatus === 'Configured';
    await connection.request({
      method: exists ? 'PUT' : 'POST',
      url: base,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        ...ids,
        authenticationProtocol: 'Custom',
        credentials: { [NAMES.oxrKeyParameter]: { value: key, encrypted: true } }
      })
    });
    return {
      externalCredential: ids.externalCredential,
      principal: ids.principalName,
      action: exists ? 'replaced' : 'created'
    };
  } catch (error) {
    throw toToolchainError(error);
  }
}
