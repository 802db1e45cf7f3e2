import { cancelSessionProcedure } from '../procedures/cancel-session.procedure';
import { createSessionProcedure } from '../procedures/create-session.procedure';
import { endSessionProcedure } from '../procedures/end-session.procedure';
import { ingestRecordingProcedure } from '../procedures/ingest-recording.procedure';
import { listSessionsProcedure } from '../procedures/list-sessions.procedure';
import { providerJoinProcedure } from '../procedures/provider-join.procedure';
import { sessionDetailProcedure } from '../procedures/session-detail.procedure';
import { router } from '../trpc';

export const sessionsRouter = router({
  create: createSessionProcedure,
  list: listSessionsProcedure,
  detail: sessionDetailProcedure,
  end: endSessionProcedure,
  cancel: cancelSessionProcedure,
  providerJoin: providerJoinProcedure,
  /** The recorder's (Jibri's) finalize callback; `recorder` role only. */
  recording: ingestRecordingProcedure,
});
