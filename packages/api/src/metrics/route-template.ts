import { appRouter } from '../edge/app.router';
import { REST_ENDPOINT } from '../edge/rest/rest.handler';
import { TRPC_ENDPOINT } from '../edge/trpc-handler';

/** What a path no template matches is labelled: a scanner's random paths must not each become a series. */
export const UNMATCHED_ROUTE = '{unmatched}';

interface OpenApiMeta {
  openapi?: { path: string };
}

/** The REST face's own answers beside the procedures' paths (the document, the reference page, the uploads). */
const REST_EXTRAS = [
  '/openapi.json',
  '/docs',
  '/async-visits/attachments/{attachmentRef}',
  '/sessions/{id}/ai/transcribe',
];

const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { meta?: OpenApiMeta } }
>;

/**
 * A request's route as a metric label and in the access log: its template (`/api/v1/virtual-care/sessions/{id}`),
 * never the path itself, which carries ids (and, in a query string, a join token). REST paths come from the
 * procedures' OpenAPI paths, tRPC's from the router's procedure names (several in one call: `{batch}`), the pages
 * and route handlers from `pages` (the web app's, in its own words: `/clinician/sessions/{id}`); Next's files are
 * `/_next/{asset}`, anything else UNMATCHED_ROUTE.
 */
export function createRouteTemplates(pages: readonly string[]): (path: string) => string {
  const rest = [
    ...Object.values(procedures).flatMap((p) => p._def.meta?.openapi?.path ?? []),
    ...REST_EXTRAS,
  ].map((path) => `${REST_ENDPOINT}${path}`);
  // Fewest parameters first: `/sessions/join` wins over `/sessions/{id}`.
  const templates = [...new Set([...rest, ...pages])]
    .map((template) => ({ template, pattern: patternOf(template), params: paramCount(template) }))
    .sort((a, b) => a.params - b.params);
  const trpcProcedures = new Set(Object.keys(procedures));
  const trpcPrefix = `${TRPC_ENDPOINT}/`;

  return (rawPath) => {
    const path = withoutQuery(rawPath);
    if (path.startsWith(trpcPrefix)) {
      const names = path.slice(trpcPrefix.length).split(',');
      if (!names.every((name) => trpcProcedures.has(name))) return `${TRPC_ENDPOINT}/{unknown}`;
      return names.length === 1 ? `${TRPC_ENDPOINT}/${names[0]}` : `${TRPC_ENDPOINT}/{batch}`;
    }
    if (path.startsWith('/_next/')) return '/_next/{asset}';
    return templates.find(({ pattern }) => pattern.test(path))?.template ?? UNMATCHED_ROUTE;
  };
}

function withoutQuery(path: string): string {
  const end = path.search(/[?#]/);
  const bare = end === -1 ? path : path.slice(0, end);
  return bare.length > 1 && bare.endsWith('/') ? bare.slice(0, -1) : bare;
}

function patternOf(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}

function paramCount(template: string): number {
  return template.match(/\{[^}]+\}/g)?.length ?? 0;
}
