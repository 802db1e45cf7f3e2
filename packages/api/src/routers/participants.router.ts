import { admitParticipantProcedure } from '../procedures/admit-participant.procedure';
import { listParticipantsProcedure } from '../procedures/list-participants.procedure';
import { removeParticipantProcedure } from '../procedures/remove-participant.procedure';
import { router } from '../trpc';

export const participantsRouter = router({
  list: listParticipantsProcedure,
  admit: admitParticipantProcedure,
  remove: removeParticipantProcedure,
});
