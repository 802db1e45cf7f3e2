import { asyncVisitChangesProcedure } from './async-visit-changes.procedure';
import { closeAsyncVisitProcedure } from './close-async-visit.procedure';
import { getAsyncVisitProcedure } from './get-async-visit.procedure';
import { listAsyncVisitsProcedure } from './list-async-visits.procedure';
import { respondAsyncVisitProcedure } from './respond-async-visit.procedure';
import { reviewAsyncVisitProcedure } from './review-async-visit.procedure';
import { submitAsyncVisitProcedure } from './submit-async-visit.procedure';
import { router } from '../../edge/trpc';

/** Store-and-forward visits (US-013): the patient submits offline-drafted content, a clinician answers. */
export const asyncVisitsRouter = router({
  submit: submitAsyncVisitProcedure,
  list: listAsyncVisitsProcedure,
  get: getAsyncVisitProcedure,
  review: reviewAsyncVisitProcedure,
  respond: respondAsyncVisitProcedure,
  close: closeAsyncVisitProcedure,
  changes: asyncVisitChangesProcedure,
});
