import { acceptSummaryProcedure } from './accept-summary.procedure';
import { summaryProcedure } from './summary.procedure';
import { transcriptProcedure } from './transcript.procedure';
import { router } from '../../edge/trpc';

/**
 * The AI scribe (US-011, US-012) behind the clinician's gate (decision 0029). Transcription takes raw audio,
 * so it is a route of its own (`transcribe/transcribe.route.ts`), not a procedure.
 */
export const scribeRouter = router({
  transcript: transcriptProcedure,
  summary: summaryProcedure,
  acceptSummary: acceptSummaryProcedure,
});
