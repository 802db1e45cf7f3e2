import type { Context } from '../context';
import type { ApiServices } from './services';

/**
 * What the session procedures read besides the caller: the services (a handler may bring its own, e.g. a test's)
 * and the request's Idempotency-Key (REST only).
 */
export interface VirtualCareContext extends Context {
  services?: ApiServices;
  idempotencyKey?: string | null;
}

let provider: (() => ApiServices) | null = null;

/**
 * The app's composition root registers how to get its one ApiServices instance (lazily, so builds without a
 * database still work). Handlers that create their own context may pass `services` instead.
 */
export function provideServices(get: () => ApiServices): void {
  provider = get;
}

export function servicesFor(ctx: Context): ApiServices {
  const own = (ctx as VirtualCareContext).services;
  if (own) return own;
  if (!provider)
    throw new Error(
      'Virtual Care services are not configured: call provideServices() in the composition root',
    );
  return provider();
}

export function idempotencyKeyOf(ctx: Context): string | null {
  return (ctx as VirtualCareContext).idempotencyKey ?? null;
}
