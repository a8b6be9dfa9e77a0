/**
 * FeatureManagement.checkPermission(apiName): whether the running user has a custom permission. The answer
 * comes from the org (its permission sets and their assignments) through a permission host attached to the
 * data layer, as asynchronous Apex reaches its job host; without one the call is "not supported".
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_System_FeatureManagement.htm
 */
import type { ApexDataLayer } from '../data-layer.js';
import { argString, defineStatic } from './registry.js';

export interface PermissionHost {
  /** Whether the user holds the custom permission (by API name, case-insensitive). */
  hasCustomPermission(userId: string, apiName: string): boolean;
}

const hosts = new WeakMap<ApexDataLayer, PermissionHost>();

export function registerPermissionHost(data: ApexDataLayer, host: PermissionHost): void {
  hosts.set(data, host);
}

export function permissionHostOf(data: ApexDataLayer): PermissionHost | undefined {
  return hosts.get(data);
}

defineStatic('FeatureManagement', {
  checkPermission: [
    1,
    (it, [name], ctx) => {
      if (name === null) return it.npe();
      const host = hosts.get(it.data);
      if (!host)
        return it.unsupported(
          'FeatureManagement.checkPermission (no permission host is attached to this data layer)',
          ctx
        );
      return host.hasCustomPermission(it.data.currentUser().id, argString(it, name));
    }
  ]
});
