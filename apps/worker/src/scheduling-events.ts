import { z } from 'zod';

/**
 * Scheduling events we consume (CloudEvents 1.0, structured JSON; documented in docs/events.md).
 * Only identifiers and times: no names or clinical text.
 */
export const SCHEDULING_EVENT_TYPES = {
  booked: 'scheduling.appointment.booked.v1',
  cancelled: 'scheduling.appointment.cancelled.v1',
} as const;

const envelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  type: z.string(),
  time: z.string().optional(),
  tenantid: z.uuid(),
});

export const appointmentBookedData = z.object({
  appointmentId: z.uuid(),
  patientId: z.uuid(),
  practitionerId: z.uuid(),
  nodeId: z.uuid(),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  /** Only `telehealth` appointments get a virtual session. */
  visitMode: z.enum(['telehealth', 'in_person']),
  recordingRequested: z.boolean().optional(),
});

export const appointmentCancelledData = z.object({
  appointmentId: z.uuid(),
  cancelledBy: z.uuid(),
  reason: z.string().min(1).max(500),
});

export const schedulingCloudEvent = z.discriminatedUnion('type', [
  envelope.extend({ type: z.literal(SCHEDULING_EVENT_TYPES.booked), data: appointmentBookedData }),
  envelope.extend({
    type: z.literal(SCHEDULING_EVENT_TYPES.cancelled),
    data: appointmentCancelledData,
  }),
]);

export type SchedulingCloudEvent = z.infer<typeof schedulingCloudEvent>;
