import { describe, expect, it } from 'vitest';
import { acceptAiSummary } from '../src/use-cases/accept-ai-summary.use-case';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { generateSummaryDraft } from '../src/use-cases/generate-summary-draft.use-case';
import { getSessionTranscript } from '../src/use-cases/get-session-transcript.use-case';
import { transcribeAudio } from '../src/use-cases/transcribe-audio.use-case';
import { activeSession, CLINICIAN, createCommand, harness, TENANT } from './fakes/harness';
import { expectCode } from './helpers';

async function active() {
  const h = harness();
  h.consent.granted.add('ai_processing');
  const s = await activeSession(h);
  return { h, sessionId: s.sessionId };
}
const chunk = { actorId: CLINICIAN, audio: new Uint8Array([1, 2]), mimeType: 'audio/webm' };

describe('AI assist (US-011, US-012)', () => {
  it('US-011: a segment of the transcript for an active session; nothing written to the chart', async () => {
    const { h, sessionId } = await active();
    const segment = await transcribeAudio(h, { tenantId: TENANT, sessionId, ...chunk });
    expect(segment).toMatchObject({ sequence: 1, text: 'hello', model: 'stt-model' });
    // Kept for the tenant's default 24 hours.
    expect(segment.expiresAt.getTime() - segment.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(h.fhir.notes).toHaveLength(0);
  });

  it('segments accumulate in order and vanish from reads once expired', async () => {
    const { h, sessionId } = await active();
    await transcribeAudio(h, { tenantId: TENANT, sessionId, ...chunk });
    await transcribeAudio(h, { tenantId: TENANT, sessionId, ...chunk });
    const kept = await getSessionTranscript(h, { tenantId: TENANT, sessionId });
    expect(kept.map((s) => s.sequence)).toEqual([1, 2]);
    h.clock.advanceSeconds(24 * 3600);
    expect(await getSessionTranscript(h, { tenantId: TENANT, sessionId })).toEqual([]);
  });

  it("transcription needs the patient's ai_processing consent where the tenant asks for it", async () => {
    const h = harness();
    const { sessionId } = await activeSession(h);
    await expectCode(
      transcribeAudio(h, { tenantId: TENANT, sessionId, ...chunk }),
      'CONSENT_REQUIRED',
    );
    expect(h.uow.eventTypes()).toContain('CONSENT_GATE_BLOCKED');
    expect(h.uow.tables.transcripts).toHaveLength(0);
  });

  it('US-011: ai-gateway unreachable -> AI_GATEWAY_UNAVAILABLE and the session continues', async () => {
    const { h, sessionId } = await active();
    await transcribeAudio(h, { tenantId: TENANT, sessionId, ...chunk });
    h.ai.down = true;
    await expectCode(
      transcribeAudio(h, { tenantId: TENANT, sessionId, ...chunk }),
      'AI_GATEWAY_UNAVAILABLE',
    );
    await expectCode(
      generateSummaryDraft(h, { tenantId: TENANT, sessionId }),
      'AI_GATEWAY_UNAVAILABLE',
    );
    expect(h.uow.tables.sessions.get(sessionId)?.status).toBe('active');
  });

  it('transcription needs an active session', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    await expectCode(
      transcribeAudio(h, { tenantId: TENANT, sessionId: s.session.id, ...chunk }),
      'INVALID_STATUS_TRANSITION',
    );
  });

  it('US-012: a draft of the kept transcript, not charted; a refused completion -> AI_COMPLETION_REFUSED', async () => {
    const { h, sessionId } = await active();
    await expectCode(generateSummaryDraft(h, { tenantId: TENANT, sessionId }), 'VALIDATION_FAILED');
    await transcribeAudio(h, { tenantId: TENANT, sessionId, ...chunk });
    expect(await generateSummaryDraft(h, { tenantId: TENANT, sessionId })).toEqual({
      text: 'Summary draft',
      model: 'test-model',
    });
    expect(h.fhir.notes).toHaveLength(0);
    h.ai.summary = { status: 'refused', reason: 'policy' };
    await expectCode(
      generateSummaryDraft(h, { tenantId: TENANT, sessionId }),
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
      edited: true,
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
      edited: true,
    });
    expect(h.uow.eventTypes()).toEqual(
      expect.arrayContaining(['AI_SUMMARY_DECLINED', 'AI_SUMMARY_ACCEPTED']),
    );
    expect(JSON.stringify(h.uow.outbox)).not.toContain('Summary"');
  });

  it('accepting an empty summary or with the chart down fails without writing', async () => {
    const { h, sessionId } = await active();
    const base = {
      tenantId: TENANT,
      sessionId,
      actorId: CLINICIAN,
      aiModel: 'm1',
      accepted: true,
      edited: false,
    };
    await expectCode(acceptAiSummary(h, { ...base, summaryText: ' ' }), 'VALIDATION_FAILED');
    h.fhir.down = true;
    await expectCode(acceptAiSummary(h, { ...base, summaryText: 'x' }), 'FHIR_GATEWAY_UNAVAILABLE');
  });
});
