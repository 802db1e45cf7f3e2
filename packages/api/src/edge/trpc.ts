import { TRPCError, initTRPC } from '@trpc/server';
import superjson from 'superjson';
import type { Role } from '../auth/role';
import type { Context, ContextUser } from './context';
import { toClientErrorData } from './error-formatter';
import { renderError } from './render-error';

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Live streams (SSE) ping so proxies keep idle ones open and closed tabs are noticed.
  sse: { ping: { enabled: true, intervalMs: 15_000 } },
  errorFormatter({ shape, error, path }) {
    const data = toClientErrorData(error, shape.data.httpStatus, path);
    return { ...shape, message: data.message, data };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Re-throws an error as the TRPCError renderError names for it, so the HTTP status is right (the formatter only
 * shapes the body).
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const rendered = renderError(result.error);
    if (result.error.code !== rendered.trpcCode) {
      throw new TRPCError({
        code: rendered.trpcCode,
        message: rendered.body.message,
        cause: result.error.cause,
      });
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** A signed-in caller acting in one tenant; ctx.user and ctx.tenantId are non-null past this point. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user || !ctx.tenantId) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  }
  const user: ContextUser = ctx.user;
  const tenantId: string = ctx.tenantId;
  // Every call, REST or tRPC (each call of a batch), before any work (decision 0035); a context without services
  // (the guards' unit tests) has no limits to count against.
  await ctx.services?.rateLimits.call(user.id, tenantId);
  return next({ ctx: { ...ctx, user, tenantId } });
});

/** Signed in and holding at least one of `roles` in the active tenant. */
export function roleProcedure(...roles: [Role, ...Role[]]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!ctx.roles.some((role) => roles.includes(role))) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'You do not have access to this' });
    }
    return next();
  });
}
