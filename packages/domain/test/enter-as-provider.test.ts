import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors/domain.errors';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { enterAsProvider } from '../src/use-cases/enter-as-provider.use-case';
import { CLINICIAN, createCommand, harness, TENANT } from './fakes/harness';

describe('enterAsProvider', () => {
  it('the initiator enters as their own provider participant, straight into the room, and the session waits', async () => {
    const h = harness();
    const created = await createVirtualSession(h, createCommand(h));
    const initiator = created.participants.find((p) => p.role === 'provider')!;
    const sessionId = created.session.id;
    const entry = await enterAsProvider(h, { tenantId: TENANT, sessionId, userId: CLINICIAN });
    expect(entry.participant).toMatchObject({ id: initiator.id, status: 'active' });
    expect(entry.session.status).toBe('waiting');
    expect(entry.videoJoinUrl).toContain(created.session.roomName);
    const again = await enterAsProvider(h, { tenantId: TENANT, sessionId, userId: CLINICIAN });
    expect(again.participant.id).toBe(initiator.id);
  });

  it('a colleague gets a provider participant of their own; past the join window it refuses', async () => {
    const h = harness();
    const created = await createVirtualSession(h, createCommand(h));
    const sessionId = created.session.id;
    const colleague = await enterAsProvider(h, {
      tenantId: TENANT,
      sessionId,
      userId: 'colleague',
    });
    expect(colleague.participant).toMatchObject({ role: 'provider', userId: 'colleague' });
    expect(created.participants.map((p) => p.id)).not.toContain(colleague.participant.id);
    h.clock.advanceSeconds(24 * 3600);
    const late = await enterAsProvider(h, { tenantId: TENANT, sessionId, userId: CLINICIAN }).catch(
      (e: unknown) => e,
    );
    expect(late).toBeInstanceOf(DomainError);
    expect((late as DomainError).code).toBe('TOKEN_EXPIRED');
  });
});
