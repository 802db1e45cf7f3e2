import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../app.router';

export interface VirtualCareClientOptions {
  /** The web app's origin, e.g. https://care.example.org (the tRPC endpoint is /api/trpc). */
  baseUrl: string;
  /** e.g. `{ authorization: 'Bearer ...' }` or a cookie; a function is called per request. */
  headers?:
    Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  fetch?: typeof fetch;
}

/** A fully typed tRPC client for every procedure (superjson over batched HTTP). */
export function createVirtualCareClient(options: VirtualCareClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.baseUrl.replace(/\/+$/, '')}/api/trpc`,
        transformer: superjson,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

export type VirtualCareClient = ReturnType<typeof createVirtualCareClient>;
