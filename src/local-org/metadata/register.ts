/** Registration of validated deploy components: ApexClass rows, schema, custom metadata, permission sets, other metadata. */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';
import { registerCustomMetadataRecord, registerObject } from './objects.js';
import { getMetadata, putMetadata } from './registry.js';
import { applyCurrencySettings } from '../store/currency-features.js';
import { subscriberConfigProblem } from './subscriber-config.js';
import { asArray, text, toXml } from './xml.js';

export interface Component {
  type: string;
  fullName: string;
  /** The metadata XML file's path, when the component has one. */
  xmlPath?: string;
  /** zip paths relative to the package root, content files first, the metadata XML last; text and bytes. */
  files: { path: string; data: string; raw: Buffer }[];
}

/**
 * Metadata types whose deploy changes what the local org does (the rest are stored, listed and
 * retrievable only). Read by the capability table (docs/capabilities.md); `register` below implements them.
 */
export const MODELLED_METADATA: Readonly<Record<string, string>> = {
  ApexClass: 'ApexClass rows (Tooling); compiled on deploy and run by the local Apex runtime',
  ApexTrigger: 'ApexTrigger rows (Tooling); active triggers fire for DML from Apex and the API',
  CustomObject: 'objects (custom, custom metadata `__mdt`, platform events `__e`) and fields become tables and columns',
  CustomMetadata: 'records of `__mdt` types (SOQL, `getInstance`/`getAll`)',
  PermissionSet:
    'PermissionSet rows; enabled custom permissions answer `FeatureManagement.checkPermission` for assignees',
  StaticResource: 'StaticResource rows (without Body); bytes retrievable',
  CustomLabels: '`System.Label.<name>` in Apex; labels merged by name across deploys',
  NamedCredential: 'resolves `callout:<Name>` URLs',
  ExternalCredential: 'OAuth principal and scopes for named credentials',
  AuthProvider: 'authorize and token endpoints for the named-principal OAuth flow',
  RemoteSiteSetting: 'allows direct callouts to its URL',
  PlatformEventSubscriberConfig: 'the running user and batch size of a platform event trigger (checked on deploy)'
};

export function register(
  store: Store,
  c: Component,
  content: Record<string, unknown>
): { id?: string; created: boolean; fields?: string[] } {
  const file = c.files[0];
  // CurrencySettings turns multiple currencies / effective dates on (or fails: they cannot be undone).
  if (c.type === 'Settings' && c.fullName === 'Currency') applyCurrencySettings(store, content);
  switch (c.type) {
    case 'ApexClass':
    case 'ApexTrigger': {
      const meta = (content.__meta ?? {}) as Record<string, unknown>;
      const existing = store.db
        .prepare(`SELECT Id FROM "o_${c.type.toLowerCase()}" WHERE Name = ? AND IsDeleted = 0`)
        .get(c.fullName) as { Id: string } | undefined;
      const values: Record<string, unknown> = {
        Name: c.fullName,
        Body: file.data,
        ApiVersion: Number(text(meta.apiVersion) ?? '65.0'),
        Status: text(meta.status) ?? 'Active',
        IsValid: true
      };
      if (c.type === 'ApexClass')
        values.LengthWithoutComments = file.data.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').length;
      else values.TableEnumOrId = /\btrigger\s+\w+\s+on\s+(\w+)/i.exec(file.data)?.[1] ?? null;
      if (existing) {
        store.update(c.type, existing.Id, values, { system: true });
        putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content: meta });
        return { id: existing.Id, created: false };
      }
      const id = store.insert(c.type, values, { system: true });
      putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content: meta });
      return { id, created: true };
    }
    case 'CustomObject':
      registerObject(store, c.fullName, content);
      return {
        created: putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content }),
        fields: asArray(content.fields as Record<string, unknown>[] | Record<string, unknown>).map(
          (f) => text(f.fullName) ?? ''
        )
      };
    case 'CustomMetadata': {
      const id = registerCustomMetadataRecord(store, c.fullName, content);
      putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content });
      return { id, created: true };
    }
    case 'PlatformEventSubscriberConfig': {
      const problem = subscriberConfigProblem(store, content);
      if (problem) throw new Error(problem);
      return { created: putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content }) };
    }
    case 'PermissionSet': {
      const existing = store.db
        .prepare('SELECT Id FROM "o_permissionset" WHERE Name = ? AND IsDeleted = 0')
        .get(c.fullName) as { Id: string } | undefined;
      const values = {
        Name: c.fullName,
        Label: text(content.label) ?? c.fullName,
        Description: text(content.description) ?? null
      };
      const id = existing
        ? (store.update('PermissionSet', existing.Id, values, { system: true }), existing.Id)
        : store.insert('PermissionSet', values, { system: true });
      putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content });
      return { id, created: !existing };
    }
    case 'StaticResource': {
      const meta = (content.__meta ?? content) as Record<string, unknown>;
      const body = c.files.filter((f) => f.path !== c.xmlPath).reduce((n, f) => n + f.raw.length, 0);
      const values = {
        Name: c.fullName,
        ContentType: text(meta.contentType) ?? 'application/octet-stream',
        CacheControl: text(meta.cacheControl) ?? 'Private',
        Description: text(meta.description) ?? null,
        BodyLength: body
      };
      const existing = store.db
        .prepare('SELECT Id FROM "o_staticresource" WHERE Name = ? AND IsDeleted = 0')
        .get(c.fullName) as { Id: string } | undefined;
      const id = existing
        ? (store.update('StaticResource', existing.Id, values, { system: true }), existing.Id)
        : store.insert('StaticResource', values, { system: true });
      putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content: meta });
      return { id, created: !existing };
    }
    case 'CustomLabels': {
      // Deployed labels are added to (or replace) the org's labels by name; labels not in the file stay.
      const old = (getMetadata(store, 'CustomLabels', 'CustomLabels')?.content ?? {}) as Record<string, unknown>;
      const merged = new Map<string, Record<string, unknown>>();
      const labels = (x: unknown) => asArray(x as Record<string, unknown> | Record<string, unknown>[]);
      for (const l of [...labels(old.labels), ...labels(content.labels)]) merged.set(text(l.fullName) ?? '', l);
      const all = [...merged.values()].sort((a, b) => String(text(a.fullName)).localeCompare(String(text(b.fullName))));
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${toXml('CustomLabels', { labels: all }).replace('<CustomLabels>', '<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">')}\n`;
      file.raw = Buffer.from(xml, 'utf8');
      file.data = xml;
      return {
        created: putMetadata(store, {
          type: c.type,
          fullName: c.fullName,
          fileName: file.path,
          content: { labels: all }
        })
      };
    }
    case 'ExtlClntAppGlobalOauthSettings': {
      // The org generates the OAuth consumer's key and secret when the file carries none, and keeps
      // them across redeploys; a retrieve returns them ("verify ... that the global settings file
      // includes an OAuth consumer key and secret":
      // https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.deploy_external_client_app_with_global_settings_file.htm).
      const before = getMetadata(store, c.type, c.fullName)?.content as Record<string, unknown> | undefined;
      const consumerKey =
        text(content.consumerKey) ?? text(before?.consumerKey) ?? `3MVG9${randomBytes(30).toString('base64url')}`;
      const consumerSecret =
        text(content.consumerSecret) ?? text(before?.consumerSecret) ?? randomBytes(32).toString('hex').toUpperCase();
      const added = [
        text(content.consumerKey) ? '' : `    <consumerKey>${consumerKey}</consumerKey>\n`,
        text(content.consumerSecret) ? '' : `    <consumerSecret>${consumerSecret}</consumerSecret>\n`
      ].join('');
      if (added) {
        const xml = file.data.replace(
          /(\s*)<\/ExtlClntAppGlobalOauthSettings>\s*$/,
          `\n${added}</ExtlClntAppGlobalOauthSettings>\n`
        );
        file.data = xml;
        file.raw = Buffer.from(xml, 'utf8');
      }
      return {
        created: putMetadata(store, {
          type: c.type,
          fullName: c.fullName,
          fileName: file.path,
          content: { ...content, consumerKey, consumerSecret }
        })
      };
    }
    default: {
      const stored =
        c.files.length === 1 && !file.path.endsWith('.xml') && Object.keys(content).length === 0 ? file.data : content;
      return {
        created: putMetadata(store, { type: c.type, fullName: c.fullName, fileName: file.path, content: stored })
      };
    }
  }
}
