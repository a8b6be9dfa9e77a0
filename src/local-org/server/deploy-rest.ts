/**
 * REST Metadata deploy: POST /services/data/vNN.0/metadata/deployRequest (multipart: a `json` part with
 * {deployOptions} and a `file` part with the zip) and GET .../deployRequest/<id>[?includeDetails=true].
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_rest_deploy.htm
 */
import type { DeployOptions } from '../metadata/deploy.js';
import { checkDeployRequest } from '../metadata/deploy-rules.js';
import { isProductionOrg } from '../store/org-type.js';
import { rememberDeploy, runDeploy } from './deploy-run.js';
import { SalesforceError, notFound } from '../store/errors.js';
import type { RequestContext } from './context.js';
import { sendJson, methodNotAllowed } from './http-util.js';

interface Part {
  name: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m)
    throw new SalesforceError('INVALID_MULTIPART_REQUEST', 'Content-Type must be multipart/form-data with a boundary');
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: Part[] = [];
  let pos = body.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(boundary, start);
    if (next < 0) break;
    const chunk = body.subarray(start + 2, next - 2); // skip CRLF after the boundary and before the next
    const split = chunk.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = chunk.subarray(0, split).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
      parts.push({ name, data: chunk.subarray(split + 4) });
    }
    pos = next;
  }
  return parts;
}

export async function handleDeployRequest(ctx: RequestContext, rest: string[]): Promise<void> {
  const { store, deploys } = ctx.org;
  if (rest.length === 0) {
    if (ctx.method !== 'POST') throw methodNotAllowed(ctx.method, 'POST');
    const parts = parseMultipart(ctx.body, String(ctx.req.headers['content-type'] ?? ''));
    const json = parts.find((p) => p.name === 'json');
    const file = parts.find((p) => p.name === 'file');
    if (!file)
      throw new SalesforceError('INVALID_MULTIPART_REQUEST', 'the multipart body needs a "file" part with the zip');
    let deployOptions: DeployOptions = {};
    if (json) {
      try {
        deployOptions = ((JSON.parse(json.data.toString('utf8')) as { deployOptions?: DeployOptions }).deployOptions ??
          {}) as DeployOptions;
      } catch (e) {
        throw new SalesforceError(
          'JSON_PARSER_ERROR',
          `the "json" part is not valid JSON: ${e instanceof Error ? e.message : String(e)}`
        );
      }
    }
    const production = isProductionOrg(store);
    checkDeployRequest(deployOptions.testLevel, production);
    const id = store.nextId('0Af');
    const result = await runDeploy(ctx, id, file.data, {
      ...deployOptions,
      production,
      testRunner: ctx.org.runApexTests,
      rehearseTests: ctx.org.rehearseDeployTests,
      apexCompiler: ctx.org.compileApex,
      scheduledClasses: ctx.org.scheduledClasses
    });
    rememberDeploy(ctx, id, { ...result, deployOptions } as unknown as Record<string, unknown>);
    const { details: _d, ...summary } = result;
    sendJson(ctx.res, 201, {
      id,
      validatedDeployRequestId: null,
      deployOptions,
      deployResult: { ...summary, done: false, status: 'Pending' }
    });
    return;
  }
  if (rest.length !== 1 || ctx.method !== 'GET') throw notFound();
  const found = deploys.get(rest[0]);
  if (!found) throw notFound(`no deploy request with id ${rest[0]}`);
  const { deployOptions, details, ...summary } = found.result as Record<string, unknown>;
  const deployResult = ctx.url.searchParams.get('includeDetails') === 'true' ? { ...summary, details } : summary;
  sendJson(ctx.res, 200, { id: found.id, validatedDeployRequestId: null, deployOptions, deployResult });
}
