import { consentGrantProcedure, consentRevokeProcedure } from './consent-decide.procedure';
import { consentForPatientProcedure } from './consent-for-patient.procedure';
import { consentMineProcedure } from './consent-mine.procedure';
import { consentRecordVerbalProcedure } from './consent-record-verbal.procedure';
import { consentTextsProcedure } from './consent-texts.procedure';
import { router } from '../../edge/trpc';

export const consentsRouter = router({
  texts: consentTextsProcedure,
  mine: consentMineProcedure,
  grant: consentGrantProcedure,
  revoke: consentRevokeProcedure,
  recordVerbal: consentRecordVerbalProcedure,
  forPatient: consentForPatientProcedure,
});
