import { admitParticipantProcedure } from './admit-participant.procedure';
import { listParticipantsProcedure } from './list-participants.procedure';
import { removeParticipantProcedure } from './remove-participant.procedure';
import { router } from '../../edge/trpc';

export const participantsRouter = router({
  list: listParticipantsProcedure,
  admit: admitParticipantProcedure,
  remove: removeParticipantProcedure,
});
