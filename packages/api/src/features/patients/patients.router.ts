import { listPatientsProcedure } from './list-patients.procedure';
import { router } from '../../edge/trpc';

export const patientsRouter = router({ list: listPatientsProcedure });
