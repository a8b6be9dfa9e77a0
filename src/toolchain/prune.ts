/**
 * Pruning dated rates: the rates this project created in a range (the ones a DatedRateProvenance__c row
 * names), or with `all` every rate in the range, deleted through sObject Collections
 * (`DELETE /composite/sobjects?ids=…`, up to 200 ids per request,
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm),
 * then their provenance rows.
 */
import type { Connection } from '@salesforce/core';
import { toToolchainError } from './errors.js';
import { queryProjectObject } from './job.js';

export const PROVENANCE_OBJECT = 'DatedRateProvenance__c';
const COLLECTION = 200;

export type PrunePlan = { rateIds: string[]; provenanceIds: string[]; foreign: number };
export type PruneOutcome = {
  deleted: number;
  alreadyGone: number;
  failed: { id: string; message: string }[];
  callouts: number;
};

type Row = { Id: string; RateId__c?: string | null };

async function queryAll<T extends Record<string, unknown>>(
  connection: Connection,
  soql: string,
  object: string
): Promise<T[]> {
  if (object === PROVENANCE_OBJECT) {
    const first = await queryProjectObject<T>(connection, soql, object);
    return first;
  }
  try {
    return (await connection.query<T>(soql, { autoFetch: true, maxFetch: 1_000_000 })).records;
  } catch (error) {
    throw toToolchainError(error);
  }
}

/** What a prune of the range would delete; `foreign` counts rates in the range this project did not create. */
export async function planPrune(connection: Connection, from: string, to: string, all: boolean): Promise<PrunePlan> {
  const rates = await queryAll<Row>(
    connection,
    `SELECT Id FROM DatedConversionRate WHERE StartDate >= ${from} AND StartDate <= ${to}`,
    'DatedConversionRate'
  );
  const provenance = await queryAll<Row>(
    connection,
    `SELECT Id, RateId__c FROM ${PROVENANCE_OBJECT} WHERE StartDate__c >= ${from} AND StartDate__c <= ${to}`,
    PROVENANCE_OBJECT
  );
  const ours = new Set(provenance.map((p) => String(p.RateId__c ?? '').slice(0, 15)));
  const inRange = rates.map((r) => r.Id);
  const rateIds = all ? inRange : inRange.filter((id) => ours.has(id.slice(0, 15)));
  return {
    rateIds,
    provenanceIds: provenance.map((p) => p.Id),
    foreign: inRange.length - inRange.filter((id) => ours.has(id.slice(0, 15))).length
  };
}

type DeleteResult = { id: string | null; success: boolean; errors: { statusCode: string; message: string }[] };

/** Deletes ids through sObject Collections, 200 per request, allOrNone false. */
export async function deleteIds(connection: Connection, ids: string[]): Promise<PruneOutcome> {
  const outcome: PruneOutcome = { deleted: 0, alreadyGone: 0, failed: [], callouts: 0 };
  for (let i = 0; i < ids.length; i += COLLECTION) {
    const chunk = ids.slice(i, i + COLLECTION);
    let results: DeleteResult[];
    try {
      outcome.callouts++;
      results = await connection.request<DeleteResult[]>({
        method: 'DELETE',
        url: `/services/data/v${connection.getApiVersion()}/composite/sobjects?ids=${chunk.join(',')}&allOrNone=false`
      });
    } catch (error) {
      throw toToolchainError(error);
    }
    results.forEach((r, k) => {
      if (r.success) outcome.deleted++;
      else if (
        r.errors?.some((e) => e.statusCode === 'ENTITY_IS_DELETED' || e.statusCode === 'INVALID_CROSS_REFERENCE_KEY')
      )
        outcome.alreadyGone++;
      else
        outcome.failed.push({
          id: chunk[k],
          message: r.errors?.map((e) => `${e.statusCode}: ${e.message}`).join('; ') ?? 'unknown error'
        });
    });
  }
  return outcome;
}
