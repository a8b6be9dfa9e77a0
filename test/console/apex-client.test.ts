/**
 * The browser side of `@salesforce/apex` on the local org's pages (src/local-org/console/client), run in
 * Node with a recording fetch: wire adapters skip undefined parameters, cacheable results are cached and
 * refreshApex refreshes them, non-cacheable methods always call the server, errors reject with the
 * platform's error object.
 */
import { expect } from 'chai';

interface Call {
  classname: string;
  method: string;
  params: Record<string, unknown>;
}

type Reply = { state: 'SUCCESS'; returnValue: unknown } | { state: 'ERROR'; error: unknown };

const calls: Call[] = [];
let reply: (call: Call) => Reply = () => ({ state: 'SUCCESS', returnValue: null });

const realFetch = globalThis.fetch;

type Client = {
  apexMethod: (
    ns: string,
    cls: string,
    m: string,
    cacheable: boolean
  ) => ((params?: object) => Promise<unknown>) & {
    adapter: new (cb: (v: { data: unknown; error: unknown }) => void) => {
      connect(): void;
      update(config: object): void;
      disconnect(): void;
    };
  };
  refreshApex: (value: unknown) => Promise<unknown>;
};

async function fresh(): Promise<Client> {
  // A new module instance per test: the cache is module state, as it is per page in the browser.
  return (await import(`../../src/local-org/console/client/localorg/apex/apex.js?${Math.random()}`)) as Client;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('console client: @salesforce/apex', () => {
  before(() => {
    globalThis.fetch = (async (_url: string, init: { body: string }) => {
      const call = JSON.parse(init.body) as Call;
      calls.push(call);
      return new Response(JSON.stringify(reply(call)), {
        status: 200,
        headers: { 'Content-Type': 'application/json' }
      });
    }) as typeof fetch;
  });
  after(() => (globalThis.fetch = realFetch));
  beforeEach(() => {
    calls.length = 0;
    reply = (c) => ({ state: 'SUCCESS', returnValue: { echo: c.params } });
  });

  it('does not call a wired method while a parameter is undefined, then provisions { data, error }', async () => {
    const { apexMethod } = await fresh();
    const values: { data: unknown; error: unknown }[] = [];
    const adapter = new (apexMethod('', 'C', 'history', true).adapter)((v) => values.push(v));
    adapter.update({ isoCode: undefined, rows: 30 });
    adapter.connect();
    await flush();
    expect(calls).to.have.length(0);
    adapter.update({ isoCode: 'EUR', rows: 30 });
    await flush();
    expect(calls).to.deep.equal([
      { namespace: '', classname: 'C', method: 'history', cacheable: true, params: { isoCode: 'EUR', rows: 30 } }
    ]);
    expect(values).to.deep.equal([{ data: { echo: { isoCode: 'EUR', rows: 30 } }, error: undefined }]);
  });

  it('serves a cacheable method from the cache until refreshApex asks the server again', async () => {
    const { apexMethod, refreshApex } = await fresh();
    const method = apexMethod('', 'C', 'state', true);
    let n = 0;
    reply = () => ({ state: 'SUCCESS', returnValue: ++n });
    const first: { data: unknown; error: unknown }[] = [];
    const second: { data: unknown; error: unknown }[] = [];
    const a = new method.adapter((v) => first.push(v));
    a.connect();
    a.update({});
    await flush();
    const b = new method.adapter((v) => second.push(v));
    b.connect();
    b.update({});
    await flush();
    expect(await method({})).to.equal(1);
    expect(calls).to.have.length(1);
    expect(second).to.deep.equal([{ data: 1, error: undefined }]);
    await refreshApex(first[0]);
    expect(calls).to.have.length(2);
    expect(first.map((v) => v.data)).to.deep.equal([1, 2]);
    expect(await method({}), 'the refreshed value is what the cache holds now').to.equal(2);
    expect(await refreshApex({ data: 1 }), 'a value no wire provisioned').to.equal(undefined);
  });

  it('calls a non-cacheable method every time and rejects with the error object of an Apex exception', async () => {
    const { apexMethod } = await fresh();
    const run = apexMethod('', 'C', 'runNow', false);
    await run({ targetDate: null });
    await run({ targetDate: null });
    expect(calls).to.have.length(2);
    const error = { status: 500, statusText: 'Server Error', ok: false, headers: {}, body: { message: 'No.' } };
    reply = () => ({ state: 'ERROR', error });
    let caught: unknown;
    await run().catch((e: unknown) => (caught = e));
    expect(caught).to.deep.equal(error);
  });

  it('provisions an error to a wire of a method that is not cacheable, without calling the server', async () => {
    const { apexMethod } = await fresh();
    const values: { data: unknown; error: { body: { message: string } } }[] = [];
    const adapter = new (apexMethod('', 'C', 'runNow', false).adapter)((v) => values.push(v as never));
    adapter.connect();
    adapter.update({});
    await flush();
    expect(calls).to.have.length(0);
    expect(values[0].error.body.message).to.include('is not @AuraEnabled(cacheable=true)');
  });
});
