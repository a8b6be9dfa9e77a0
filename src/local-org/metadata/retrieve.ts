/**
 * Metadata API reads of what was deployed: `retrieve` (a zip of the stored files, with package.xml),
 * `listMetadata` (FileProperties per component) and `describeMetadata` (the types of
 * source-deploy-retrieve's registry). Shapes:
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_retrieve_request.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_listmetadata.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_describe.htm
 */
import JSZip from 'jszip';
import { registry } from '@salesforce/source-deploy-retrieve';
import type { Store } from '../store/store.js';
import { storedComponents, type StoredComponent } from './files.js';
import { consumerSecretsExposed, withoutConsumerSecrets } from './org-settings.js';
import { asArray, escapeXml, text } from './xml.js';

export interface FileProperties {
  createdById: string;
  createdByName: string;
  createdDate: string;
  fileName: string;
  fullName: string;
  id: string;
  lastModifiedById: string;
  lastModifiedByName: string;
  lastModifiedDate: string;
  manageableState: string;
  type: string;
}

export interface RetrieveResultBody {
  done: boolean;
  fileProperties: FileProperties[];
  id: string;
  messages: { fileName: string; problem: string }[];
  status: 'Succeeded' | 'Failed';
  success: boolean;
  zipFile: string;
  errorMessage?: string;
  errorStatusCode?: string;
}

const types = Object.values(registry.types);
const byName = new Map(types.map((t) => [t.name.toLowerCase(), t]));
/** Child type (CustomField, CustomLabel, ListView…) → its parent type's name. */
const parentOf = new Map<string, string>();
for (const t of types)
  for (const c of Object.values(t.children?.types ?? {})) parentOf.set(c.name.toLowerCase(), t.name);

export class UnknownMetadataTypeError extends Error {
  constructor(type: string) {
    super(`INVALID_TYPE: Unknown type name '${type}': not a Metadata API type the local org knows`);
    this.name = 'UnknownMetadataTypeError';
  }
}

function properties(store: Store, c: StoredComponent, type = c.type, fullName = c.fullName): FileProperties {
  const main = c.files.find((f) => !f.path.endsWith('-meta.xml')) ?? c.files[0];
  return {
    createdById: store.userId,
    createdByName: 'Local Admin',
    createdDate: c.createdDate,
    fileName: main ? main.path : '', // listMetadata names files without the package folder
    fullName,
    id: c.id,
    lastModifiedById: store.userId,
    lastModifiedByName: 'Local Admin',
    lastModifiedDate: c.lastModifiedDate,
    manageableState: 'unmanaged',
    type
  };
}

/** listMetadata: the deployed components of each queried type (child types listed from their parents). */
export function listMetadata(store: Store, queries: { type: string; folder?: string }[]): FileProperties[] {
  const out: FileProperties[] = [];
  for (const q of queries) {
    const def = byName.get(q.type.toLowerCase());
    if (!def && !parentOf.has(q.type.toLowerCase())) throw new UnknownMetadataTypeError(q.type);
    const parent = parentOf.get(q.type.toLowerCase());
    if (parent) {
      const childType = types
        .flatMap((t) => Object.values(t.children?.types ?? {}))
        .find((c) => c.name.toLowerCase() === q.type.toLowerCase())!;
      for (const c of storedComponents(store, parent))
        for (const name of childNames(c, childType.directoryName ?? ''))
          out.push(properties(store, c, childType.name, parent === 'CustomLabels' ? name : `${c.fullName}.${name}`));
      continue;
    }
    for (const c of storedComponents(store, def!.name)) {
      if (q.folder && def!.inFolder && !c.fullName.startsWith(`${q.folder}/`)) continue;
      out.push(properties(store, c, def!.name));
    }
  }
  return out;
}

/** Names of the child elements (`<fields><fullName>…`) in a parent's metadata XML, e.g. `fields`, `labels`. */
function childNames(c: StoredComponent, element: string): string[] {
  const xml = c.files[c.files.length - 1]; // parents with children are single-file (objects/X.object, labels/…)
  if (!xml || !element) return [];
  const body = xml.data.toString('utf8');
  const re = new RegExp(`<${element}>\\s*<fullName>([^<]+)</fullName>`, 'g');
  return [...body.matchAll(re)].map((m) => m[1]);
}

export interface RetrieveRequest {
  apiVersion?: string;
  singlePackage: boolean;
  types: { name: string; members: string[] }[];
  packageNames: string[];
}

export function parseRetrieveRequest(input: Record<string, unknown>): RetrieveRequest {
  const req = (input.request ?? input.retrieveRequest ?? input) as Record<string, unknown>;
  const unpackaged = (req.unpackaged ?? {}) as Record<string, unknown>;
  return {
    apiVersion: text(req.apiVersion) ?? text(unpackaged.version),
    singlePackage: text(req.singlePackage) === 'true',
    packageNames: asArray(req.packageNames as string | string[]).map((p) => String(text(p) ?? '')),
    types: asArray(unpackaged.types as Record<string, unknown> | Record<string, unknown>[]).map((t) => ({
      name: text(t.name) ?? '',
      members: asArray(t.members as string | string[]).map((m) => String(text(m) ?? ''))
    }))
  };
}

/** Builds the retrieve result: the requested components' stored files, package.xml, and a message per miss. */
export async function retrieve(store: Store, id: string, req: RetrieveRequest): Promise<RetrieveResultBody> {
  const zip = new JSZip();
  const prefix = req.singlePackage ? '' : 'unpackaged/';
  const messages: RetrieveResultBody['messages'] = [];
  const fileProperties: FileProperties[] = [];
  const included = new Map<string, { type: string; members: Set<string> }>();
  const seen = new Set<string>();
  const add = (c: StoredComponent, type: string, fullName: string): void => {
    const entry = included.get(type) ?? { type, members: new Set<string>() };
    entry.members.add(fullName);
    included.set(type, entry);
    if (seen.has(`${c.type}:${c.fullName}`)) return;
    seen.add(`${c.type}:${c.fullName}`);
    // With "Allow access to External Client App consumer secrets via Metadata API" off, the global OAuth
    // settings come back without their key and secret (org-settings.ts).
    const hideSecrets = c.type === 'ExtlClntAppGlobalOauthSettings' && !consumerSecretsExposed(store);
    for (const f of c.files)
      zip.file(`${prefix}${f.path}`, hideSecrets ? withoutConsumerSecrets(f.data.toString('utf8')) : f.data);
    const main = c.files.find((f) => !f.path.endsWith('-meta.xml')) ?? c.files[0];
    fileProperties.push({ ...properties(store, c), fileName: `${prefix}${main?.path ?? ''}` });
  };
  for (const pkg of req.packageNames)
    messages.push({
      fileName: pkg,
      problem: `not supported by the local org: retrieving the package ${pkg} (packageNames); list its members in unpackaged`
    });
  for (const t of req.types) {
    const lower = t.name.toLowerCase();
    const parent = parentOf.get(lower);
    const def = byName.get(lower);
    if (!def && !parent) {
      messages.push({ fileName: 'package.xml', problem: `Unknown type name '${t.name}' specified in package.xml` });
      continue;
    }
    for (const member of t.members) {
      if (parent) {
        const parentName = parent === 'CustomLabels' ? 'CustomLabels' : member.split('.')[0];
        const found = member === '*' ? storedComponents(store, parent) : storedComponents(store, parent, parentName);
        if (found.length === 0 && member !== '*') missing(messages, t.name, member);
        for (const c of found) add(c, parent, c.fullName);
        continue;
      }
      const found = member === '*' ? storedComponents(store, def!.name) : storedComponents(store, def!.name, member);
      if (found.length === 0 && member !== '*') missing(messages, def!.name, member);
      for (const c of found) add(c, def!.name, c.fullName);
    }
  }
  zip.file(`${prefix}package.xml`, packageXml([...included.values()], req.apiVersion ?? '65.0'));
  const now = store.clock.now().toISOString();
  fileProperties.push({
    ...properties(store, { type: 'Package', fullName: '', id: '', createdDate: now, lastModifiedDate: now, files: [] }),
    fileName: `${prefix}package.xml`,
    fullName: `${prefix}package.xml`
  });
  const zipFile = (await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })).toString('base64');
  return { done: true, fileProperties, id, messages, status: 'Succeeded', success: true, zipFile };
}

function missing(messages: RetrieveResultBody['messages'], type: string, member: string): void {
  // The wording orgs use for a package.xml member that does not exist.
  messages.push({
    fileName: 'unpackaged/package.xml',
    problem: `Entity of type '${type}' named '${member}' cannot be found`
  });
}

function packageXml(entries: { type: string; members: Set<string> }[], version: string): string {
  const body = entries
    .sort((a, b) => a.type.localeCompare(b.type))
    .map(
      (e) =>
        `  <types>\n${[...e.members]
          .sort()
          .map((m) => `    <members>${escapeXml(m)}</members>\n`)
          .join('')}    <name>${e.type}</name>\n  </types>\n`
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}  <version>${escapeXml(version)}</version>\n</Package>\n`;
}

/** describeMetadata: every top-level type of the registry, as the org lists its metadata objects. */
export function describeMetadata(): Record<string, unknown> {
  return {
    metadataObjects: types
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({
        childXmlNames: Object.values(t.children?.types ?? {}).map((c) => c.name),
        directoryName: t.directoryName ?? '',
        inFolder: Boolean(t.inFolder),
        metaFile: Boolean(t.strategies?.adapter === 'matchingContentFile' || t.strategies?.adapter === 'mixedContent'),
        ...(t.suffix ? { suffix: t.suffix } : {}),
        xmlName: t.name
      })),
    organizationNamespace: '',
    partialSaveAllowed: true,
    testRequired: false
  };
}
