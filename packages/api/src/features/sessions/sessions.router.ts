import { cancelSessionProcedure } from './cancel-session.procedure';
import { createSessionProcedure } from './create-session.procedure';
import { endSessionProcedure } from './end-session.procedure';
import { ingestRecordingProcedure } from './ingest-recording.procedure';
import { listSessionsProcedure } from './list-sessions.procedure';
import { noShowProcedure } from './no-show.procedure';
import { patientJoinTokenProcedure } from './patient-join-token.procedure';
import { providerHeartbeatProcedure } from './provider-heartbeat.procedure';
import { runningLateProcedure } from './running-late.procedure';
import { providerJoinProcedure } from './provider-join.procedure';
import { sessionDetailProcedure } from './session-detail.procedure';
import { router } from '../../edge/trpc';

export const sessionsRouter = router({
  create: createSessionProcedure,
  list: listSessionsProcedure,
  detail: sessionDetailProcedure,
  end: endSessionProcedure,
  cancel: cancelSessionProcedure,
  providerJoin: providerJoinProcedure,
  heartbeat: providerHeartbeatProcedure,
  runningLate: runningLateProcedure,
  noShow: noShowProcedure,
  patientJoinToken: patientJoinTokenProcedure,
  /** The recorder's (Jibri's) finalize callback; `recorder` role only. */
  recording: ingestRecordingProcedure,
});
