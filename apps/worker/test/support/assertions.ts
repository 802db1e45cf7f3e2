import { expect } from 'vitest';
import type { CloudEvent } from '../../src/cloud-event';

/** Exactly once: the tenant's stream messages are the outbox's events, no more, no fewer, each once. */
export function expectExactlyOnce(stream: CloudEvent[], tenantId: string, expectedIds: string[]) {
  const mine = stream.filter((e) => e.tenantid === tenantId);
  const ids = mine.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(expectedIds.length);
  expect(new Set(ids)).toEqual(new Set(expectedIds));
  return mine;
}

/** Within each session, stream order follows the outbox's seq (write) order. */
export function expectPerSessionOrder(
  mine: CloudEvent[],
  written: { id: string; aggregateId: string }[],
) {
  const writtenOrder = new Map<string, string[]>();
  for (const e of written)
    writtenOrder.set(e.aggregateId, [...(writtenOrder.get(e.aggregateId) ?? []), e.id]);
  const streamOrder = new Map<string, string[]>();
  for (const e of mine)
    streamOrder.set(e.subject ?? '', [...(streamOrder.get(e.subject ?? '') ?? []), e.id]);
  for (const [aggregate, ids] of writtenOrder) expect(streamOrder.get(aggregate)).toEqual(ids);
}
