/**
 * Custom permissions of a user in the local org: those enabled (`customPermissions`, `enabled` true) in the
 * deployed permission sets assigned to the user (PermissionSetAssignment). Profiles grant none: the local
 * org does not model profile permissions.
 */
import type { PermissionHost } from '../apex/library/feature-management.js';
import { getMetadata } from '../metadata/registry.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';

function entries(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
  return typeof v === 'object' && v !== null ? [v as Record<string, unknown>] : [];
}

export function createPermissionHost(store: Store): PermissionHost {
  return {
    hasCustomPermission(userId, apiName) {
      const ids = runSoql(store, 'SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = :u', {
        binds: { u: userId }
      }).records.map((r) => String(r.PermissionSetId));
      if (!ids.length) return false;
      const names = runSoql(store, 'SELECT Name FROM PermissionSet WHERE Id IN :ids', { binds: { ids } }).records.map(
        (r) => String(r.Name)
      );
      const wanted = apiName.toLowerCase();
      return names.some((n) => {
        const content = getMetadata(store, 'PermissionSet', n)?.content as Record<string, unknown> | undefined;
        return entries(content?.customPermissions).some(
          (p) => String(p.name).toLowerCase() === wanted && String(p.enabled) === 'true'
        );
      });
    }
  };
}
