import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCError } from '@trpc/server';
import type { IdempotencyStore as DbIdempotencyStore } from '@virtual-care/db';
import { DomainError, type ErrorCode, type ErrorDetails } from '@virtual-care/domain';
import { ERROR_STATUS } from '../edge/error-status';

/** The same Idempotency-Key came with a different request: 422, never a second execution. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

interface StoredError {
  error: { code: ErrorCode; message: string; details: ErrorDetails };
}

export interface IdempotencyStore {
  /**
   * Runs `work` at most once per (tenant, key). The first caller claims the key (committed at once), runs the
   * work and stores its reply; concurrent and later callers with the same request wait for that reply and get
   * it back unchanged. Domain refusals (4xx) are stored and replayed too; a failure of ours (5xx) releases the
   * key so the client can retry with it. A claim left by a process that died is taken over once its lease runs out
   * (decision 0048); a caller still waiting when its own wait limit ends gets 409 with the lease's remaining time.
   */
  run<T>(tenantId: string, key: string, request: unknown, work: () => Promise<T>): Promise<T>;
}

const POLL_MS = 20;
const WAIT_LIMIT_MS = 30_000;

export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('base64url');
}

/** The edge's meaning over the db's Idempotency-Key store: which replies are stored, how they come back. */
export function createIdempotencyStore(keys: DbIdempotencyStore): IdempotencyStore {
  async function execute<T>(tenantId: string, key: string, work: () => Promise<T>): Promise<T> {
    try {
      const reply = await work();
      await keys.complete(tenantId, key, 200, reply);
      return reply;
    } catch (error) {
      if (error instanceof DomainError && ERROR_STATUS[error.code].httpStatus < 500) {
        const stored: StoredError = {
          error: { code: error.code, message: error.message, details: error.details },
        };
        await keys.complete(tenantId, key, ERROR_STATUS[error.code].httpStatus, stored);
      } else {
        await keys.release(tenantId, key).catch(() => undefined); // the original error matters more
      }
      throw error;
    }
  }

  return {
    async run<T>(
      tenantId: string,
      key: string,
      request: unknown,
      work: () => Promise<T>,
    ): Promise<T> {
      const hash = requestFingerprint(request);
      const deadline = Date.now() + WAIT_LIMIT_MS;
      for (;;) {
        const claim = await keys.claim(tenantId, key, hash);
        switch (claim.kind) {
          case 'claimed':
            return execute(tenantId, key, work);
          case 'reused':
            throw new TRPCError({
              code: 'UNPROCESSABLE_CONTENT',
              message: 'This Idempotency-Key was already used with a different request',
              cause: new IdempotencyKeyReusedError(),
            });
          case 'replay':
            return replay<T>(claim.statusCode, claim.response);
          case 'pending':
            if (Date.now() > deadline) {
              const seconds = Math.max(
                1,
                Math.ceil((claim.leaseEndsAt.getTime() - Date.now()) / 1000),
              );
              throw new TRPCError({
                code: 'CONFLICT',
                message: `A request with this Idempotency-Key is still in progress; retry with the same key (its claim lapses within ${seconds} seconds if that request died)`,
              });
            }
            // The first request is still running, or was released, or its lease runs out: the next claim takes it.
            await sleep(POLL_MS);
        }
      }
    },
  };
}

function replay<T>(statusCode: number, response: unknown): T {
  if (statusCode < 300) return response as T;
  const { error } = response as StoredError;
  throw new DomainError(error.code, error.message, error.details);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
