/**
 * SOAP endpoints. Metadata API (/services/Soap/m/<ver>): deploy and checkDeployStatus, the operation
 * read from the body (the CLI sends `SOAPAction: ""`). Apex API (/services/Soap/s/<ver>[/<orgId>]):
 * executeAnonymous. Replies use the `soapenv:` prefixes the CLI expects.
 */
import { parseApex } from '../apex/front-end/index.js';
import type { DeployOptions } from '../metadata/deploy.js';
import {
  UnknownMetadataTypeError,
  describeMetadata,
  listMetadata,
  parseRetrieveRequest,
  retrieve
} from '../metadata/retrieve.js';
import { checkDeployRequest } from '../metadata/deploy-rules.js';
import { readOrgSettings, UnmodelledSettingsError } from '../metadata/org-settings.js';
import { isProductionOrg } from '../store/org-type.js';
import { SalesforceError } from '../store/errors.js';
import { rememberDeploy, runDeploy } from './deploy-run.js';
import { XmlSyntaxError, asArray, parseXml, text, toXml, escapeXml } from '../metadata/xml.js';
import type { RequestContext } from './context.js';
import { sendXml } from './http-util.js';

import { ENV_OPEN, soapFault } from './soap-fault.js';

export { soapFault } from './soap-fault.js';
const MD_NS = 'http://soap.sforce.com/2006/04/metadata';
const APEX_NS = 'http://soap.sforce.com/2006/08/apex';

function envelope(ns: string, body: string, header = ''): string {
  return `${ENV_OPEN} xmlns="${ns}">${header ? `<soapenv:Header>${header}</soapenv:Header>` : ''}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

export async function handleSoap(ctx: RequestContext, parts: string[]): Promise<void> {
  const api = parts[0];
  if (ctx.method !== 'POST')
    return sendXml(ctx.res, 405, soapFault('METHOD_NOT_ALLOWED', 'SOAP endpoints accept POST only'));
  if ((api !== 'm' && api !== 's') || parts.length < 2 || !/^\d+\.\d$/.test(parts[1]))
    return sendXml(
      ctx.res,
      404,
      soapFault(
        'UNKNOWN_EXCEPTION',
        `the SOAP endpoint /services/Soap/${parts.join('/')} is not supported by the local org (only /m and /s)`
      )
    );
  let env: Record<string, unknown>;
  try {
    env = (parseXml(ctx.body.toString('utf8')).Envelope ?? {}) as Record<string, unknown>;
  } catch (e) {
    const detail = e instanceof XmlSyntaxError ? `${e.message} at line ${e.line}, column ${e.column}` : String(e);
    return sendXml(ctx.res, 500, soapFault('INVALID_XML', `could not parse the SOAP request: ${detail}`));
  }
  const header = (env.Header ?? {}) as Record<string, unknown>;
  const sessionId = text((header.SessionHeader as Record<string, unknown> | undefined)?.sessionId);
  if (!ctx.org.sessions.validateAccessToken(sessionId))
    return sendXml(
      ctx.res,
      500,
      soapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session')
    );
  const body = (env.Body ?? {}) as Record<string, unknown>;
  const operation = Object.keys(body).find((k) => !k.startsWith('@_'));
  const input = (operation ? body[operation] : {}) as Record<string, unknown>;
  if (api === 's') {
    if (operation !== 'executeAnonymous')
      return sendXml(
        ctx.res,
        500,
        soapFault(
          'UNKNOWN_EXCEPTION',
          `operation ${operation ?? '(none)'} is not supported by the local org's Apex API`
        )
      );
    return sendXml(
      ctx.res,
      200,
      await executeAnonymous(ctx, text(input.String ?? input.apexcode) ?? '', sessionId ?? null)
    );
  }
  switch (operation) {
    case 'deploy': {
      const zip = Buffer.from((text(input.ZipFile) ?? '').replace(/\s+/g, ''), 'base64');
      const opts = (input.DeployOptions ?? {}) as Record<string, unknown>;
      const production = isProductionOrg(ctx.org.store);
      try {
        checkDeployRequest(text(opts.testLevel), production);
      } catch (e) {
        if (e instanceof SalesforceError) return sendXml(ctx.res, 500, soapFault(e.errorCode, e.message));
        throw e;
      }
      const options: DeployOptions = {
        checkOnly: text(opts.checkOnly) === 'true',
        testLevel: text(opts.testLevel),
        production,
        rollbackOnError: text(opts.rollbackOnError) !== 'false',
        ignoreWarnings: text(opts.ignoreWarnings) === 'true',
        runTests: asArray(opts.runTests as string | string[] | undefined).map((t) => String(text(t) ?? '')),
        testRunner: ctx.org.runApexTests,
        rehearseTests: ctx.org.rehearseDeployTests,
        apexCompiler: ctx.org.compileApex,
        scheduledClasses: ctx.org.scheduledClasses
      };
      const id = ctx.org.store.nextId('0Af');
      const result = await runDeploy(ctx, id, zip, options);
      rememberDeploy(ctx, id, result as unknown as Record<string, unknown>);
      return sendXml(
        ctx.res,
        200,
        envelope(MD_NS, `<deployResponse>${toXml('result', { done: false, id, state: 'Queued' })}</deployResponse>`)
      );
    }
    case 'checkDeployStatus': {
      const id = text(input.asyncProcessId) ?? text(input.id) ?? '';
      const found =
        ctx.org.deploys.get(id) ?? [...ctx.org.deploys.values()].find((d) => d.id.slice(0, 15) === id.slice(0, 15));
      if (!found) return sendXml(ctx.res, 500, soapFault('INVALID_ID_FIELD', `Invalid deploy id: ${id}`));
      const includeDetails = text(input.includeDetails) === 'true';
      const { details, ...rest } = found.result;
      const result = includeDetails ? { ...rest, details } : rest;
      return sendXml(
        ctx.res,
        200,
        envelope(MD_NS, `<checkDeployStatusResponse>${toXml('result', ordered(result))}</checkDeployStatusResponse>`)
      );
    }
    case 'cancelDeploy':
      return sendXml(
        ctx.res,
        200,
        envelope(
          MD_NS,
          `<cancelDeployResponse>${toXml('result', { done: true, id: text(input.String) ?? '' })}</cancelDeployResponse>`
        )
      );
    case 'retrieve': {
      const id = ctx.org.store.nextId('09S');
      const result = await retrieve(ctx.org.store, id, parseRetrieveRequest(input));
      ctx.org.retrieves.set(id, result as unknown as Record<string, unknown>);
      return sendXml(
        ctx.res,
        200,
        envelope(MD_NS, `<retrieveResponse>${toXml('result', { done: false, id, state: 'Queued' })}</retrieveResponse>`)
      );
    }
    case 'checkRetrieveStatus': {
      const id = text(input.asyncProcessId) ?? '';
      const found =
        ctx.org.retrieves.get(id) ??
        [...ctx.org.retrieves.entries()].find(([k]) => k.slice(0, 15) === id.slice(0, 15))?.[1];
      if (!found) return sendXml(ctx.res, 500, soapFault('INVALID_ID_FIELD', `Invalid retrieve id: ${id}`));
      const { zipFile, ...rest } = found;
      const result = text(input.includeZip) === 'false' ? rest : { ...rest, zipFile };
      return sendXml(
        ctx.res,
        200,
        envelope(
          MD_NS,
          `<checkRetrieveStatusResponse>${toXml('result', ordered(result))}</checkRetrieveStatusResponse>`
        )
      );
    }
    case 'listMetadata': {
      const queries = asArray(input.queries as Record<string, unknown> | Record<string, unknown>[]).map((q) => ({
        type: text(q.type) ?? '',
        folder: text(q.folder)
      }));
      try {
        const props = listMetadata(ctx.org.store, queries);
        return sendXml(
          ctx.res,
          200,
          envelope(
            MD_NS,
            `<listMetadataResponse>${props.map((p) => toXml('result', p)).join('')}</listMetadataResponse>`
          )
        );
      } catch (e) {
        if (!(e instanceof UnknownMetadataTypeError)) throw e;
        return sendXml(ctx.res, 500, soapFault('INVALID_TYPE', e.message.replace(/^INVALID_TYPE: /, '')));
      }
    }
    case 'readMetadata':
      return readMetadata(ctx, input);
    case 'describeMetadata':
      return sendXml(
        ctx.res,
        200,
        envelope(MD_NS, `<describeMetadataResponse>${toXml('result', describeMetadata())}</describeMetadataResponse>`)
      );
    default:
      return sendXml(
        ctx.res,
        500,
        soapFault(
          'UNKNOWN_EXCEPTION',
          `Metadata API operation ${operation ?? '(none)'} is not supported by the local org (deploy, checkDeployStatus, cancelDeploy, retrieve, checkRetrieveStatus, listMetadata, readMetadata of settings, describeMetadata are)`
        )
      );
  }
}

/**
 * readMetadata of the org's settings (`<type>XSettings</type><fullNames>X</fullNames>`): one record per
 * name, with the org's values (metadata/org-settings.ts). Other types are not read by the local org.
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_readMetadata.htm
 */
function readMetadata(ctx: RequestContext, input: Record<string, unknown>): void {
  const type = text(input.type) ?? '';
  const names = asArray(input.fullNames as string | string[]).map((n) => String(text(n) ?? ''));
  const settingsName = /^(\w+)Settings$/.exec(type)?.[1];
  if (!settingsName)
    return sendXml(
      ctx.res,
      500,
      soapFault(
        'UNKNOWN_EXCEPTION',
        `not supported by the local runtime: readMetadata of ${type || '(no type)'} (settings types only)`
      )
    );
  const records: string[] = [];
  for (const name of names) {
    if (name !== settingsName) {
      records.push('<records xsi:nil="true"/>');
      continue;
    }
    try {
      const values = readOrgSettings(ctx.org.store, name);
      const body = Object.entries(values)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
        .join('');
      records.push(`<records xsi:type="${type}"><fullName>${escapeXml(name)}</fullName>${body}</records>`);
    } catch (e) {
      if (!(e instanceof UnmodelledSettingsError)) throw e;
      return sendXml(ctx.res, 500, soapFault('UNKNOWN_EXCEPTION', e.message));
    }
  }
  return sendXml(
    ctx.res,
    200,
    envelope(MD_NS, `<readMetadataResponse><result>${records.join('')}</result></readMetadataResponse>`)
  );
}

/** Elements in alphabetical order, as the WSDL's sequence defines them. */
function ordered(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Compiles (syntax) and, when the Apex runtime is plugged in, runs anonymous Apex; shared by SOAP and REST.
 * The front end memoises the parse, so the runtime reuses this tree: the block is parsed once.
 */
export async function runAnonymous(
  ctx: RequestContext,
  code: string,
  sessionId: string | null = null
): Promise<{ result: Record<string, unknown>; log: string }> {
  const problems =
    ctx.org.executeAnonymous && ctx.org.anonymousChecksSyntax ? [] : parseApex(code, 'anonymous').problems;
  if (problems.length > 0) {
    const p = problems[0];
    return {
      result: {
        column: p.column,
        compileProblem: p.message,
        compiled: false,
        exceptionMessage: null,
        exceptionStackTrace: null,
        line: p.line,
        success: false
      },
      log: ''
    };
  }
  if (ctx.org.executeAnonymous) {
    const r = await ctx.org.executeAnonymous(code, { sessionId });
    return {
      result: {
        column: r.column ?? -1,
        compileProblem: r.compileProblem ?? null,
        compiled: r.compiled ?? true,
        exceptionMessage: r.exceptionMessage ?? null,
        exceptionStackTrace: r.exceptionStackTrace ?? null,
        line: r.line ?? -1,
        success: r.success
      },
      log: r.log ?? ''
    };
  }
  return {
    result: {
      column: 1,
      compileProblem: null,
      compiled: true,
      exceptionMessage: 'not supported by the local runtime: Apex execution at anonymous:1',
      exceptionStackTrace: 'AnonymousBlock: line 1, column 1',
      line: 1,
      success: false
    },
    log: ''
  };
}

async function executeAnonymous(ctx: RequestContext, code: string, sessionId: string | null): Promise<string> {
  const { result, log } = await runAnonymous(ctx, code, sessionId);
  return envelope(
    APEX_NS,
    `<executeAnonymousResponse>${toXml('result', result)}</executeAnonymousResponse>`,
    `<DebuggingInfo><debugLog>${escapeXml(log)}</debugLog></DebuggingInfo>`
  );
}
