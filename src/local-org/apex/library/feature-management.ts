/**
 * FeatureManagement.checkPermission(apiName): whether the running user has a custom permission. The answer
 * comes from the org (its permission sets and their assignments) through the permission host the runtime
 * receives (RuntimeCollaborators.permissions); without one the call is "not supported".
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_System_FeatureManagement.htm
 */
import { argString, defineStatic } from './registry.js';

export interface PermissionHost {
  /** Whether the user holds the custom permission (by API name, case-insensitive). */
  hasCustomPermission(userId: string, apiName: string): boolean;
}

defineStatic('FeatureManagement', {
  checkPermission: [
    1,
    (it, [name], ctx) => {
      if (name === null) return it.npe();
      const host = it.org.permissions;
      if (!host)
        return it.unsupported('FeatureManagement.checkPermission (the runtime was given no permission host)', ctx);
      return host.hasCustomPermission(it.data.currentUser().id, argString(it, name));
    }
  ]
});
