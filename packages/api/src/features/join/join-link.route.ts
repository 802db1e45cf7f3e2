import type { ApiServices } from '../../composition/services';
import { validateJoinLink, type JoinValidation } from './validate-join';
import { joinTokenInputSchema, validateJoinOutputSchema } from './join.schema';

export const JOIN_LINK_PATH = '/sessions/join';

/**
 * `GET {endpoint}/sessions/join` answered without the tRPC layer, which cost as much CPU as the validation itself
 * on the endpoint every patient's link opens (decision 0010). Same contract as the `join.validate` procedure that
 * documents it: the query is read the way trpc-to-openapi reads it, validated by the same schema, answered by the
 * same flow, and the answer checked against the same output schema. Errors are thrown for the caller to map.
 */
export async function validateJoinLinkRoute(
  services: ApiServices,
  search: URLSearchParams,
): Promise<JoinValidation> {
  const { token } = joinTokenInputSchema.parse(queryObject(search));
  return validateJoinOutputSchema.parse(await validateJoinLink(services, token));
}

/** A repeated parameter becomes an array, as in trpc-to-openapi (and the strict schema then refuses it). */
function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}
