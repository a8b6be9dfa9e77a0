/** REST Metadata deploy: POST /services/data/vNN.0/metadata/deployRequest and GET .../deployRequest/<id>. */
import { notFound } from '../store/errors.js';
import type { RequestContext } from './context.js';

export function handleDeployRequest(_ctx: RequestContext, _rest: string[]): void {
  throw notFound('metadata deployRequest is not supported by the local org yet');
}
