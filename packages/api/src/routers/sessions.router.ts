import { cancelSessionProcedure } from '../procedures/cancel-session.procedure';
import { createSessionProcedure } from '../procedures/create-session.procedure';
import { endSessionProcedure } from '../procedures/end-session.procedure';
import { ingestRecordingProcedure } from '../procedures/ingest-recording.procedure';
import { listSessionsProcedure } from '../procedures/list-sessions.procedure';
import { noShowProcedure } from '../procedures/no-show.procedure';
import { patientJoinTokenProcedure } from '../procedures/patient-join-token.procedure';
import { runningLateProcedure } from '../procedures/running-late.procedure';
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
  runningLate: runningLateProcedure,
  noShow: noShowProcedure,
  patientJoinToken: patientJoinTokenProcedure,
  /** The recorder's (Jibri's) finalize callback; `recorder` role only. */
  recording: ingestRecordingProcedure,
});
