import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '@virtual-care/domain';
import {
  startCommunicationServiceStandIn,
  type CommunicationServiceStandIn,
} from '@virtual-care/stand-ins';
import {
  createCommunicationServiceAdapter,
  unconfiguredCommunicationService,
} from '../../src/adapters/communication-service.adapter';
import { communicationService } from '../../src/composition/services';

let service: CommunicationServiceStandIn;
beforeAll(async () => {
  service = await startCommunicationServiceStandIn();
});
afterAll(async () => {
  await service.stop();
});
beforeEach(() => {
  service.setDown(false);
  service.setDelay(0);
});

let counter = 0;
const thread = () => {
  counter += 1;
  return {
    tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    sessionId: `vsn_01JCOMM${String(counter).padStart(4, '0')}`,
    participantUserIds: ['usr_patient', 'usr_clinician'],
  };
};

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('communication-service adapter (US-008)', () => {
  it('opens one thread per session, however often asked', async () => {
    const adapter = createCommunicationServiceAdapter({ baseUrl: `${service.url}/` });
    const input = thread();
    const id = await adapter.openThread(input);
    expect(await adapter.openThread(input)).toBe(id);
    expect(service.threadForSession(input.sessionId)).toMatchObject({
      id,
      tenantId: input.tenantId,
      participantUserIds: input.participantUserIds,
    });
    expect(service.threads().filter((t) => t.sessionId === input.sessionId)).toHaveLength(1);
  });

  it('sends each client message once and lists them in order after a cursor', async () => {
    const adapter = createCommunicationServiceAdapter({ baseUrl: service.url });
    const threadId = await adapter.openThread(thread());
    const first = { id: 'msg_01', senderUserId: 'usr_patient', body: 'the video froze' };
    const stored = await adapter.sendMessage(threadId, first);
    expect(stored).toMatchObject({ ...first, threadId });
    expect(await adapter.sendMessage(threadId, first)).toEqual(stored); // resent after reconnecting
    await adapter.sendMessage(threadId, {
      id: 'msg_02',
      senderUserId: 'usr_clinician',
      body: 'ok',
    });
    expect((await adapter.listMessages(threadId)).map((m) => m.id)).toEqual(['msg_01', 'msg_02']);
    expect((await adapter.listMessages(threadId, { after: 'msg_01' })).map((m) => m.id)).toEqual([
      'msg_02',
    ]);
    expect(
      (await failure(adapter.sendMessage(threadId, { ...first, body: 'other text' }))).code,
    ).toBe('VALIDATION_FAILED');
    expect((await failure(adapter.listMessages('thr_missing'))).code).toBe('NOT_FOUND');
  });

  it('is COMMUNICATION_SERVICE_UNAVAILABLE when the service answers 5xx, is not there, or is too slow', async () => {
    const adapter = createCommunicationServiceAdapter({ baseUrl: service.url, timeoutMs: 300 });
    service.setDown(true);
    const down = await failure(adapter.openThread(thread()));
    expect(down).toMatchObject({
      code: 'COMMUNICATION_SERVICE_UNAVAILABLE',
      details: { status: 503 },
    });
    service.setDown(false);

    service.setDelay(1000);
    const slow = await failure(adapter.openThread(thread()));
    expect(slow.code).toBe('COMMUNICATION_SERVICE_UNAVAILABLE');
    expect(slow.message).toContain('timed out');
    service.setDelay(0);

    const closed = await startCommunicationServiceStandIn();
    await closed.stop();
    const gone = await failure(
      createCommunicationServiceAdapter({ baseUrl: closed.url }).openThread(thread()),
    );
    expect(gone.code).toBe('COMMUNICATION_SERVICE_UNAVAILABLE');
    expect(gone.message).toContain('network error');
  });

  it('is COMMUNICATION_SERVICE_UNAVAILABLE when the answer is not the protocol', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>a proxy login page</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const adapter = createCommunicationServiceAdapter({ baseUrl: `http://127.0.0.1:${port}` });
      expect((await failure(adapter.openThread(thread()))).code).toBe(
        'COMMUNICATION_SERVICE_UNAVAILABLE',
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('without COMMUNICATION_SERVICE_URL, every call fails saying so (never a made-up thread)', async () => {
    const wired = communicationService({
      communicationServiceUrl: null,
      communicationServiceTimeoutMs: 5000,
    });
    for (const adapter of [wired, unconfiguredCommunicationService()]) {
      const error = await failure(adapter.openThread(thread()));
      expect(error.code).toBe('COMMUNICATION_SERVICE_UNAVAILABLE');
      expect(error.message).toContain('COMMUNICATION_SERVICE_URL is not configured');
      expect((await failure(adapter.listMessages('thr_x'))).code).toBe(
        'COMMUNICATION_SERVICE_UNAVAILABLE',
      );
    }
    const configured = communicationService({
      communicationServiceUrl: service.url,
      communicationServiceTimeoutMs: 5000,
    });
    const input = thread();
    expect(await configured.openThread(input)).toBe(service.threadForSession(input.sessionId)?.id);
  });
});
