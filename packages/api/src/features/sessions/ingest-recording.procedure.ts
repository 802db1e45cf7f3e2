import { ingestRecording } from '@virtual-care/domain';
import { z } from 'zod';
import { sessionDto } from './session.views';
import { sessionIdSchema } from '../../edge/common.schema';
import { virtualSessionDtoSchema } from './session.schema';
import { servicesProcedure } from '../../edge/procedures';

/** The tenant's recorder (Jibri's finalize script): the `recorder` role, only ever carried in a bearer JWT. */
const recorderProcedure = servicesProcedure('recorder');

/** Where the recording was uploaded: an absolute URI of an object store or web server (never a script scheme). */
const recordingRefSchema = z
  .url({
    protocol: /^(https?|s3|gs|azblob)$/,
    error: 'must be an https, http, s3, gs or azblob URI',
  })
  .max(2048);

const ingestRecordingInputSchema = z.strictObject({
  id: sessionIdSchema,
  recordingRef: recordingRefSchema,
  /** The recorder's own measure of the file; informational, not stored (the session keeps its own duration). */
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .optional(),
});

/**
 * Jibri's finalize callback: stores the session's `recordingRef` and emits `recording.ingested.v1`, in the tenant of
 * the token. Idempotent (the same reference again answers 200 and emits nothing); another reference for a session that
 * already has one is 409. The use case retries a lost version race, so a repeated delivery still answers 200 rather
 * than OPTIMISTIC_LOCK_CONFLICT.
 */
export const ingestRecordingProcedure = recorderProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/recording',
      tags: ['sessions'],
      protect: true,
      summary:
        "The recorder's finalize callback: store the session's recording reference (idempotent)",
    },
  })
  .input(ingestRecordingInputSchema)
  .output(virtualSessionDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const stored = await ingestRecording(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      recordingRef: input.recordingRef,
    });
    return sessionDto(ctx.services, ctx.tenantId, stored.session);
  });
