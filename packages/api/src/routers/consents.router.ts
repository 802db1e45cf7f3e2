import {
  consentGrantProcedure,
  consentRevokeProcedure,
} from '../procedures/consent-decide.procedure';
import { consentForPatientProcedure } from '../procedures/consent-for-patient.procedure';
import { consentMineProcedure } from '../procedures/consent-mine.procedure';
import { consentRecordVerbalProcedure } from '../procedures/consent-record-verbal.procedure';
import { consentTextsProcedure } from '../procedures/consent-texts.procedure';
import { router } from '../trpc';

export const consentsRouter = router({
  texts: consentTextsProcedure,
  mine: consentMineProcedure,
  grant: consentGrantProcedure,
  revoke: consentRevokeProcedure,
  recordVerbal: consentRecordVerbalProcedure,
  forPatient: consentForPatientProcedure,
});
