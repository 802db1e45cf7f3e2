import { z } from 'zod';
import { sessionIdSchema, strictBooleanSchema } from '../../edge/common.schema';

/** Longest summary a clinician may chart (a visit note, not a document archive). */
export const MAX_SUMMARY_CHARS = 20_000;

export const scribeSessionInputSchema = z.strictObject({ id: sessionIdSchema });

/** One transcribed audio chunk: working material for the summary, never part of the chart. */
export const transcriptSegmentDtoSchema = z
  .object({
    segmentId: z.string(),
    sequence: z.number().int(),
    text: z.string(),
    model: z.string(),
    createdAt: z.string(),
    /** When it is deleted (the tenant's aiTranscriptRetentionHours). */
    expiresAt: z.string(),
  })
  .meta({ id: 'TranscriptSegmentDto' });

export type TranscriptSegmentDto = z.infer<typeof transcriptSegmentDtoSchema>;

export const transcriptDtoSchema = z
  .object({ sessionId: z.string(), segments: z.array(transcriptSegmentDtoSchema) })
  .meta({ id: 'SessionTranscriptDto' });

/** An AI draft for the review panel: not stored, not in the chart until accepted. */
export const summaryDraftDtoSchema = z
  .object({
    text: z.string(),
    model: z.string(),
    /** SHA-256 (hex) of `text`: sent back on acceptance, it tells whether the clinician edited the draft. */
    draftDigest: z.string(),
  })
  .meta({ id: 'AiSummaryDraftDto' });

export const acceptSummaryInputSchema = z.strictObject({
  id: sessionIdSchema,
  /** true charts the note; false writes nothing anywhere. */
  accepted: strictBooleanSchema,
  /** The text to chart: the draft as generated, or as the clinician edited it. */
  summaryText: z.string().max(MAX_SUMMARY_CHARS),
  aiModel: z.string().trim().min(1, 'is required').max(200),
  /** The draft's `draftDigest`; without it the note is recorded as edited (nothing proves it is not). */
  draftDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the draft digest')
    .optional(),
});

export const acceptSummaryOutputSchema = z
  .object({
    written: z.boolean(),
    /** The chart's DocumentReference id; null when declined. */
    noteId: z.string().nullable(),
    /** Recorded on the note: the clinician changed the AI's draft. */
    edited: z.boolean(),
  })
  .meta({ id: 'AiSummaryDecisionDto' });
