import { listPatientsProcedure } from '../procedures/list-patients.procedure';
import { router } from '../trpc';

export const patientsRouter = router({ list: listPatientsProcedure });
