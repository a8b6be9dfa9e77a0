/** Shared helpers of the trigger tests: deploy objects, classes and triggers to a local org, run Apex. */
import type { Connection } from '@salesforce/core';
import JSZip from 'jszip';
import type { LocalOrg } from '../../src/local-org/index.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

export interface TriggerSource {
  readonly body: string;
  /** Status in the -meta.xml (default Active). */
  readonly status?: 'Active' | 'Inactive';
}

export interface DeployFiles {
  readonly objects?: Record<string, string>;
  readonly classes?: Record<string, string>;
  readonly triggers?: Record<string, TriggerSource | string>;
  /** PlatformEventSubscriberConfig XML by full name. */
  readonly subscriberConfigs?: Record<string, string>;
}

/** A custom object with a text Name field and the given extra field XML. */
export function customObject(label: string, fields = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><CustomObject ${NS}><label>${label}</label><pluralLabel>${label}s</pluralLabel>
  <nameField><label>Name</label><type>Text</type></nameField><deploymentStatus>Deployed</deploymentStatus><sharingModel>ReadWrite</sharingModel>${fields}</CustomObject>`;
}

export function textField(name: string): string {
  return `<fields><fullName>${name}</fullName><label>${name}</label><type>Text</type><length>255</length></fields>`;
}

export function numberField(name: string): string {
  return `<fields><fullName>${name}</fullName><label>${name}</label><type>Number</type><precision>18</precision><scale>0</scale></fields>`;
}

/** The files as one deploy package (a zip with its package.xml). */
export async function packageZip(files: DeployFiles): Promise<Buffer> {
  const z = new JSZip();
  const types: string[] = [];
  const members = (names: string[], type: string): void => {
    if (names.length)
      types.push(`<types>${names.map((n) => `<members>${n}</members>`).join('')}<name>${type}</name></types>`);
  };
  for (const [name, xml] of Object.entries(files.objects ?? {})) z.file(`objects/${name}.object`, xml);
  for (const [name, body] of Object.entries(files.classes ?? {})) {
    z.file(`classes/${name}.cls`, body);
    z.file(
      `classes/${name}.cls-meta.xml`,
      `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>65.0</apiVersion><status>Active</status></ApexClass>`
    );
  }
  for (const [name, t] of Object.entries(files.triggers ?? {})) {
    const src = typeof t === 'string' ? { body: t } : t;
    z.file(`triggers/${name}.trigger`, src.body);
    z.file(
      `triggers/${name}.trigger-meta.xml`,
      `<?xml version="1.0" encoding="UTF-8"?><ApexTrigger ${NS}><apiVersion>65.0</apiVersion><status>${src.status ?? 'Active'}</status></ApexTrigger>`
    );
  }
  for (const [name, xml] of Object.entries(files.subscriberConfigs ?? {}))
    z.file(`PlatformEventSubscriberConfigs/${name}.platformEventSubscriberConfig`, xml);
  members(Object.keys(files.objects ?? {}), 'CustomObject');
  members(Object.keys(files.classes ?? {}), 'ApexClass');
  members(Object.keys(files.triggers ?? {}), 'ApexTrigger');
  members(Object.keys(files.subscriberConfigs ?? {}), 'PlatformEventSubscriberConfig');
  z.file(
    'package.xml',
    `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${types.join('')}<version>65.0</version></Package>`
  );
  return z.generateAsync({ type: 'nodebuffer' });
}

/** Deploys the files (one package) and returns the deploy result; throws when it fails. */
export async function deploy(conn: Connection, files: DeployFiles): Promise<void> {
  const started = await conn.metadata.deploy(await packageZip(files), {
    rollbackOnError: true,
    singlePackage: true
  });
  const r = await conn.metadata.checkDeployStatus(started.id, true);
  if (!r.success) throw new Error(`deploy failed: ${JSON.stringify(r.details)}`);
}

/** Runs anonymous Apex in the org's worker; returns its USER_DEBUG messages, or throws with the exception. */
export async function apex(org: LocalOrg, code: string): Promise<string[]> {
  const r = await org.apex!.executeAnonymous(code);
  if (!r.compiled) throw new Error(`compile: ${String(r.compileProblem)} at ${r.line}:${r.column}`);
  if (!r.success) throw new Error(`apex: ${String(r.exceptionMessage)}\n${String(r.exceptionStackTrace ?? '')}`);
  return (r.log ?? '')
    .split('\n')
    .filter((l) => l.includes('|USER_DEBUG|'))
    .map((l) => l.split('|').slice(4).join('|'));
}

/** Runs anonymous Apex that must fail; returns its exception message. */
export async function apexFails(org: LocalOrg, code: string): Promise<string> {
  const r = await org.apex!.executeAnonymous(code);
  if (!r.compiled) throw new Error(`compile: ${String(r.compileProblem)} at ${r.line}:${r.column}`);
  if (r.success) throw new Error('the Apex ran without an exception');
  return String(r.exceptionMessage);
}
