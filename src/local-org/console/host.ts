/**
 * The local org's Lightning pages, on the org's own port (see docs/console.md):
 *   GET|POST /secur/frontdoor.jsp sid=<access token>&retURL=<path>  logs the browser in (session cookie), as on the platform
 *        (https://help.salesforce.com/s/articleView?id=000386254&language=en_US&type=1)
 *   GET  /lightning/page/home                                   the tabs that open a Lightning page or component
 *   GET  /lightning/n/<Tab>                                     the tab's page, its deployed components compiled by the LWC compiler
 *   GET  /lightning/_page/<hash>.js                             that compiled page
 *   GET  /lightning/_slds/…                                     the Salesforce Lightning Design System assets
 *   POST /lightning/_apex                                       the Apex endpoint of `@salesforce/apex` imports
 * Pages and the Apex endpoint need the session cookie; they run as the session's user.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { ApexRuntime } from '../apex/runtime.js';
import type { Store } from '../store/store.js';
import type { Sessions } from '../server/auth.js';
import type { RequestContext } from '../server/context.js';
import { AuraActionError, findAuraMethod, runAuraAction, type AuraAction } from './apex-action.js';
import { ConsoleBuildError, PageBuilder } from './build.js';
import { ConsolePageError, consoleTabs, deployedBundles, resolveTab } from './deployed.js';
import { SLDS_BASE, homeHtml, messageHtml, pageHtml, tabHref } from './page-html.js';

const SLDS_ASSETS = join(
  dirname(createRequire(import.meta.url).resolve('@salesforce-ux/design-system/package.json')),
  'assets'
);
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2'
};
export const SESSION_COOKIE = 'sid';

export interface ConsoleHostOptions {
  readonly store: Store;
  readonly sessions: Sessions;
  /** The runtime over the deployed Apex classes (absent when the org runs without an Apex runtime). */
  readonly apexRuntime?: () => ApexRuntime;
  /**
   * Runs an Apex action elsewhere (the org's Apex worker, off the HTTP thread); errors carry their class
   * name and status. Without it the action runs on `apexRuntime` in this thread.
   */
  readonly runAction?: (action: AuraAction) => Promise<unknown>;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers }).end(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html; charset=utf-8', html);
}

function sendActionJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function cookie(ctx: RequestContext, name: string): string | undefined {
  for (const part of (ctx.req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export class ConsoleHost {
  private readonly builder = new PageBuilder();
  private runtimeSeen: ApexRuntime | null = null;
  private runtimeGeneration = 0;

  constructor(private readonly options: ConsoleHostOptions) {}

  /** Whether the path is one of the console's. */
  handles(path: string): boolean {
    return path === '/secur/frontdoor.jsp' || path === '/lightning' || path.startsWith('/lightning/');
  }

  async handle(ctx: RequestContext): Promise<void> {
    const path = ctx.path;
    if (path === '/secur/frontdoor.jsp' && (ctx.method === 'GET' || ctx.method === 'POST')) return this.frontdoor(ctx);
    if (path.startsWith(`${SLDS_BASE}/`) && ctx.method === 'GET')
      return this.asset(ctx, path.slice(SLDS_BASE.length + 1));
    const userId = this.sessionUser(ctx);
    if (!userId) {
      if (path === '/lightning/_apex')
        return sendActionJson(ctx.res, 401, [
          { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
        ]);
      return sendHtml(
        ctx.res,
        401,
        messageHtml(
          'Log in to the local org',
          'This page needs a session. Open the URL that npm start prints (/secur/frontdoor.jsp?sid=<access token>&retURL=…), or run `sf org open -o <alias>` against the local org.'
        )
      );
    }
    if (path === '/lightning/_apex' && ctx.method === 'POST') return this.apex(ctx, userId);
    if (ctx.method !== 'GET') return sendHtml(ctx.res, 405, messageHtml('Method not allowed', `${ctx.method} ${path}`));
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 1 || (parts[1] === 'page' && parts[2] === 'home' && parts.length === 3))
      return sendHtml(ctx.res, 200, homeHtml(consoleTabs(this.options.store)));
    if (parts[1] === 'n' && parts.length === 3) return this.page(ctx, decodeURIComponent(parts[2]));
    if (parts[1] === '_page' && parts.length === 3 && parts[2].endsWith('.js'))
      return this.script(ctx, parts[2].slice(0, -3));
    return sendHtml(ctx.res, 404, messageHtml('Page not found', `The local org has no page at ${path}.`));
  }

  private sessionUser(ctx: RequestContext): string | undefined {
    return this.options.sessions.validateAccessToken(cookie(ctx, SESSION_COOKIE))?.userId;
  }

  /** The platform's frontdoor: a valid access token becomes the browser's session, then on to retURL. */
  private frontdoor(ctx: RequestContext): void {
    // The help article recommends POSTing sid and retURL as a form; a query string works too.
    const form = ctx.method === 'POST' ? new URLSearchParams(ctx.body.toString('utf8')) : ctx.url.searchParams;
    const sid = form.get('sid') ?? undefined;
    if (!this.options.sessions.validateAccessToken(sid))
      return sendHtml(
        ctx.res,
        401,
        messageHtml('Session expired or invalid', 'The sid parameter is not a valid access token of this org.')
      );
    const ret = form.get('retURL') ?? '/lightning/page/home';
    const target = ret.startsWith('/') && !ret.startsWith('//') ? ret : '/lightning/page/home';
    ctx.res
      .writeHead(302, {
        Location: target,
        'Set-Cookie': `${SESSION_COOKIE}=${encodeURIComponent(sid!)}; Path=/; HttpOnly; SameSite=Lax`,
        'Cache-Control': 'no-store'
      })
      .end();
  }

  private asset(ctx: RequestContext, relativePath: string): void {
    const file = normalize(join(SLDS_ASSETS, decodeURIComponent(relativePath)));
    if (!file.startsWith(SLDS_ASSETS + sep) || !existsSync(file) || !statSync(file).isFile())
      return sendHtml(ctx.res, 404, messageHtml('Not found', `No SLDS asset ${relativePath}`));
    send(ctx.res, 200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file), {
      'Cache-Control': 'public, max-age=86400'
    });
  }

  private runtime(): ApexRuntime {
    const get = this.options.apexRuntime;
    if (!get)
      throw new AuraActionError(
        'not supported by the local runtime: Apex calls in an org started without the Apex runtime',
        501
      );
    const runtime = get();
    if (runtime !== this.runtimeSeen) {
      this.runtimeSeen = runtime;
      this.runtimeGeneration++;
    }
    return runtime;
  }

  private async page(ctx: RequestContext, tabName: string): Promise<void> {
    const store = this.options.store;
    try {
      const page = resolveTab(store, tabName);
      const runtime = this.runtime();
      const built = await this.builder.build({
        bundles: deployedBundles(store),
        components: page.components,
        apexSignature: String(this.runtimeGeneration),
        lookupAuraMethod: (classname, method) => ({
          cacheable: findAuraMethod(runtime.newInterpreter(), classname, method).cacheable
        })
      });
      sendHtml(ctx.res, 200, pageHtml(page, consoleTabs(store), `/lightning/_page/${built.hash}.js`));
    } catch (e) {
      if (e instanceof ConsolePageError)
        return sendHtml(ctx.res, e.status, messageHtml('This page cannot be shown', e.message));
      if (e instanceof ConsoleBuildError || e instanceof AuraActionError)
        return sendHtml(ctx.res, 500, messageHtml('This page cannot be compiled', e.message));
      throw e;
    }
  }

  private async script(ctx: RequestContext, hash: string): Promise<void> {
    const built = await this.builder.byHash(hash).catch(() => undefined);
    if (!built)
      return send(
        ctx.res,
        404,
        'text/javascript; charset=utf-8',
        `console.error(${JSON.stringify(`The page script ${hash} is gone: reload the page.`)});`
      );
    const gzip = /\bgzip\b/.test(String(ctx.req.headers['accept-encoding'] ?? ''));
    send(ctx.res, 200, 'text/javascript; charset=utf-8', gzip ? built.gzipped : built.code, {
      'Cache-Control': 'private, max-age=31536000, immutable',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {})
    });
  }

  private async apex(ctx: RequestContext, userId: string): Promise<void> {
    if (!/^application\/json\b/.test(String(ctx.req.headers['content-type'] ?? '')))
      return sendActionJson(ctx.res, 415, [
        { message: 'The Apex endpoint takes application/json', errorCode: 'UNSUPPORTED_MEDIA_TYPE' }
      ]);
    let action: AuraAction;
    try {
      action = JSON.parse(ctx.body.toString('utf8')) as AuraAction;
    } catch {
      return sendActionJson(ctx.res, 400, [
        { message: 'The Apex call is not valid JSON', errorCode: 'JSON_PARSER_ERROR' }
      ]);
    }
    if (typeof action?.classname !== 'string' || typeof action.method !== 'string')
      return sendActionJson(ctx.res, 400, [
        { message: 'The Apex call needs classname and method', errorCode: 'MISSING_ARGUMENT' }
      ]);
    try {
      if (userId !== this.options.store.userId)
        throw new AuraActionError(
          'not supported by the local runtime: Apex calls as a user other than the org admin',
          501
        );
      const run = this.options.runAction;
      sendActionJson(ctx.res, 200, run ? await this.remoteAction(run, action) : runAuraAction(this.runtime(), action));
    } catch (e) {
      if (e instanceof AuraActionError)
        return sendActionJson(ctx.res, e.status, [
          { message: e.message, errorCode: e.status === 501 ? 'NOT_SUPPORTED' : 'NOT_FOUND' }
        ]);
      if (e instanceof Error && /not supported by the local runtime/.test(e.message))
        return sendActionJson(ctx.res, 501, [{ message: e.message, errorCode: 'NOT_SUPPORTED' }]);
      throw e;
    }
  }

  /** An action run by `runAction`: its AuraActionError comes back as one (class name and status carried). */
  private async remoteAction(run: (action: AuraAction) => Promise<unknown>, action: AuraAction): Promise<unknown> {
    try {
      return await run(action);
    } catch (e) {
      const status = (e as { status?: unknown }).status;
      if (e instanceof Error && e.name === 'AuraActionError' && typeof status === 'number')
        throw new AuraActionError(e.message, status);
      throw e;
    }
  }
}

export { tabHref };
