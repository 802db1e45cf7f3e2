import { describe, expect, it } from 'vitest';
import { acceptAiSummary } from '../src/use-cases/accept-ai-summary.use-case';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { generateSummaryDraft } from '../src/use-cases/generate-summary-draft.use-case';
import { transcribeAudio } from '../src/use-cases/transcribe-audio.use-case';
import { activeSession, CLINICIAN, createCommand, harness, TENANT } from './fakes/harness';
import { expectCode } from './helpers';

async function active() {
  const h = harness();
  const s = await activeSession(h);
  return { h, sessionId: s.sessionId };
}
const audio = { audio: new Uint8Array([1, 2]), mimeType: 'audio/webm' };

describe('AI assist (US-011, US-012)', () => {
  it('US-011: transcript returned for an active session and nothing written to the chart', async () => {
    const { h, sessionId } = await active();
    expect(await transcribeAudio(h, { tenantId: TENANT, sessionId, ...audio })).toEqual({
      text: 'hello',
      model: 'stt-model',
    });
    expect(h.fhir.notes).toHaveLength(0);
  });

  it('US-011: ai-gateway unreachable -> AI_GATEWAY_UNAVAILABLE and the session continues', async () => {
    const { h, sessionId } = await active();
    h.ai.down = true;
    await expectCode(
      transcribeAudio(h, { tenantId: TENANT, sessionId, ...audio }),
      'AI_GATEWAY_UNAVAILABLE',
    );
    await expectCode(
      generateSummaryDraft(h, { tenantId: TENANT, sessionId, transcript: 't' }),
      'AI_GATEWAY_UNAVAILABLE',
    );
    expect(h.uow.tables.sessions.get(sessionId)?.status).toBe('active');
  });

  it('transcription needs an active session', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    await expectCode(
      transcribeAudio(h, { tenantId: TENANT, sessionId: s.session.id, ...audio }),
      'INVALID_STATUS_TRANSITION',
    );
  });

  it('US-012: a draft is returned, not charted; a refused completion -> AI_COMPLETION_REFUSED', async () => {
    const { h, sessionId } = await active();
    expect(await generateSummaryDraft(h, { tenantId: TENANT, sessionId, transcript: 't' })).toEqual(
      { text: 'Summary draft', model: 'test-model' },
    );
    expect(h.fhir.notes).toHaveLength(0);
    h.ai.summary = { status: 'refused', reason: 'policy' };
    await expectCode(
      generateSummaryDraft(h, { tenantId: TENANT, sessionId, transcript: 't' }),
      'AI_COMPLETION_REFUSED',
    );
  });

  it('US-012: accepted: true pushes the summary with AI provenance; accepted: false writes nothing', async () => {
    const { h, sessionId } = await active();
    const base = {
      tenantId: TENANT,
      sessionId,
      actorId: CLINICIAN,
      summaryText: 'Summary',
      aiModel: 'm1',
    };
    expect(await acceptAiSummary(h, { ...base, accepted: false })).toEqual({
      written: false,
      noteId: null,
    });
    expect(h.fhir.notes).toHaveLength(0);
    expect(await acceptAiSummary(h, { ...base, accepted: true })).toEqual({
      written: true,
      noteId: 'note-1',
    });
    expect(h.fhir.notes[0]?.provenance).toEqual({
      aiGenerated: true,
      aiModel: 'm1',
      aiAcceptedBy: CLINICIAN,
      aiAcceptedAt: h.clock.now(),
    });
    expect(h.uow.eventTypes()).toEqual(
      expect.arrayContaining(['AI_SUMMARY_DECLINED', 'AI_SUMMARY_ACCEPTED']),
    );
    expect(JSON.stringify(h.uow.outbox)).not.toContain('Summary"');
  });

  it('accepting an empty summary or with the chart down fails without writing', async () => {
    const { h, sessionId } = await active();
    const base = { tenantId: TENANT, sessionId, actorId: CLINICIAN, aiModel: 'm1', accepted: true };
    await expectCode(acceptAiSummary(h, { ...base, summaryText: ' ' }), 'VALIDATION_FAILED');
    h.fhir.down = true;
    await expectCode(acceptAiSummary(h, { ...base, summaryText: 'x' }), 'FHIR_GATEWAY_UNAVAILABLE');
  });
});
