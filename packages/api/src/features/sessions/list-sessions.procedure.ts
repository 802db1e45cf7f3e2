import { getPatientSessions, getSessionList, type SessionListPage } from '@virtual-care/domain';
import { sessionDtos } from './session.views';
import { listSessionsInputSchema, listSessionsOutputSchema } from './session.schema';
import { servicesProcedure } from '../../edge/procedures';

export const listSessionsProcedure = servicesProcedure('clinician', 'patient')
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions',
      tags: ['sessions'],
      protect: true,
      summary:
        "List sessions (cursor pages; status, patient, date filters); a patient's own sessions only",
    },
  })
  .input(listSessionsInputSchema)
  .output(listSessionsOutputSchema)
  .query(async ({ ctx, input }) => {
    const filters = {
      tenantId: ctx.tenantId,
      ...(input.status ? { status: input.status } : {}),
      ...(input.from ? { from: new Date(input.from) } : {}),
      ...(input.to ? { to: new Date(input.to) } : {}),
      ...(input.order ? { order: input.order } : {}),
      cursor: input.cursor ?? null,
      ...(input.limit ? { limit: input.limit } : {}),
    };
    let page: SessionListPage;
    if (ctx.roles.includes('clinician')) {
      page = await getSessionList(ctx.services.deps, {
        ...filters,
        ...(input.patientId ? { patientId: input.patientId } : {}),
      });
    } else {
      // A patient: their own sessions, confined by the database as well (row-level security).
      const patientId = await ctx.services.directory.patientOfUser(ctx.tenantId, ctx.user.id);
      page = patientId
        ? await getPatientSessions(ctx.services.deps, { ...filters, patientId })
        : { items: [], nextCursor: null };
    }
    return {
      items: await sessionDtos(ctx.services, ctx.tenantId, page.items),
      nextCursor: page.nextCursor,
    };
  });
