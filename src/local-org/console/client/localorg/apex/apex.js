/*
 * `@salesforce/apex` and `@salesforce/apex/<Class>.<method>` for pages that the local org serves: each
 * imported method is a function (imperative call, a Promise) that is also a wire adapter (`@wire`).
 * Calls go to the org's Apex endpoint, which runs the deployed @AuraEnabled method as the logged-in user.
 * Results of cacheable methods are kept in a client-side cache that refreshApex() refreshes, as the
 * platform does: https://developer.salesforce.com/docs/platform/lwc/guide/apex-result-caching
 */
const ENDPOINT = "/lightning/_apex";

/** key (method + parameters) → Promise of the returned value, for cacheable methods. */
const cache = new Map();
/** value provisioned by a wire → its adapter (what refreshApex refreshes). */
const provisioned = new WeakMap();

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    const out = {};
    for (const name of Object.keys(value).sort())
      out[name] = canonical(value[name]);
    return out;
  }
  return value;
}

function transportError(status, statusText, message) {
  return { status, statusText, ok: false, headers: {}, body: { message } };
}

async function post(action) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(action)
    });
  } catch (e) {
    throw transportError(
      0,
      "",
      `The local org could not be reached: ${e.message}`
    );
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (payload && payload.state === "SUCCESS") return payload.returnValue;
  if (payload && payload.state === "ERROR") throw payload.error;
  throw transportError(
    response.status,
    response.statusText,
    `The local org answered HTTP ${response.status} to the Apex call ${action.classname}.${action.method}`
  );
}

function invoke(descriptor, params, bypassCache) {
  const action = { ...descriptor, params: params || {} };
  if (!descriptor.cacheable) return post(action);
  const key = JSON.stringify([
    descriptor.namespace,
    descriptor.classname,
    descriptor.method,
    canonical(action.params)
  ]);
  if (!bypassCache && cache.has(key)) return cache.get(key);
  const pending = post(action);
  cache.set(key, pending);
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  return pending;
}

function hasUndefined(config) {
  return Object.keys(config).some((name) => config[name] === undefined);
}

/**
 * The default export of `@salesforce/apex/<namespace>.<Class>.<method>`.
 * @param {string} namespace the class's namespace ("" for the default)
 * @param {string} classname the Apex class
 * @param {string} method the @AuraEnabled method
 * @param {boolean} cacheable whether the method is @AuraEnabled(cacheable=true)
 * @returns {Function} the imperative function, with `.adapter` for @wire
 */
export function apexMethod(namespace, classname, method, cacheable) {
  const descriptor = { namespace, classname, method, cacheable };
  const call = (params) => invoke(descriptor, params, false);

  class ApexWireAdapter {
    constructor(dataCallback) {
      this.dataCallback = dataCallback;
      this.config = undefined;
      this.connected = false;
      this.requested = undefined;
      this.sequence = 0;
    }

    connect() {
      this.connected = true;
      this.provision(false);
    }

    disconnect() {
      this.connected = false;
    }

    update(config) {
      this.config = config || {};
      this.provision(false);
    }

    /** Calls the method unless a parameter is undefined (the platform then does not call it). */
    provision(refresh) {
      if (!this.connected || !this.config || hasUndefined(this.config))
        return Promise.resolve();
      const key = JSON.stringify(canonical(this.config));
      if (!refresh && key === this.requested) return Promise.resolve();
      this.requested = key;
      const sequence = ++this.sequence;
      if (!cacheable) {
        this.emit(sequence, undefined, {
          status: 400,
          statusText: "Bad Request",
          ok: false,
          headers: {},
          body: {
            message: `${classname}.${method} is wired but is not @AuraEnabled(cacheable=true); call it imperatively instead.`
          }
        });
        return Promise.resolve();
      }
      return invoke(descriptor, this.config, refresh).then(
        (data) => this.emit(sequence, data, undefined),
        (error) => this.emit(sequence, undefined, error)
      );
    }

    emit(sequence, data, error) {
      if (sequence !== this.sequence || !this.connected) return;
      const value = { data, error };
      provisioned.set(value, this);
      this.dataCallback(value);
    }
  }

  call.adapter = ApexWireAdapter;
  return call;
}

/**
 * Refreshes the value a wired Apex method provisioned: calls the server, updates the cache and provisions
 * the new value. Resolves when the new value was provisioned.
 * @param {object} wiredValue the object the wire provisioned
 * @returns {Promise<void>} settles after the refresh
 */
export function refreshApex(wiredValue) {
  const adapter = wiredValue && provisioned.get(wiredValue);
  return adapter ? adapter.provision(true) : Promise.resolve(undefined);
}
