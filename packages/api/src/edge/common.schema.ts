import {
  CAMERA_OUTCOMES,
  CONNECTION_QUALITIES,
  implausibleInstantReason,
  MICROPHONE_OUTCOMES,
  PARTICIPANT_STATUSES,
  SESSION_STATUSES,
} from '@virtual-care/domain';
import { z } from 'zod';

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** A UUID as PostgreSQL stores it (patients, users, appointments). */
export const uuidSchema = z.guid({ error: 'must be a UUID' });
export const sessionIdSchema = z
  .string()
  .regex(new RegExp(`^vsn_${ULID}$`), 'must be a session id (vsn_ + ULID)');
export const participantIdSchema = z
  .string()
  .regex(new RegExp(`^vsp_${ULID}$`), 'must be a participant id (vsp_ + ULID)');
/** Every date a client sends: ISO 8601 with an offset, inside the plausible window (from 2000 to two years ahead). */
export const isoDateTimeSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
  .superRefine((value, ctx) => {
    const reason = implausibleInstantReason(new Date(value), new Date());
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });
/**
 * A JSON number, never text read as one ("8" is refused); a missing one says "is required" rather than zod's
 * "expected number, received undefined".
 */
export const numberSchema = () =>
  z.number({
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number'),
  });
/**
 * A whole number in a REST query string, where every value arrives as text: the one kind of input read from text
 * (the typed client's number passes unchanged). Bodies keep JSON's types: see `numberSchema`.
 */
export const queryIntegerSchema = (min: number, max: number) =>
  z.coerce
    .number<number>({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min)
    .max(max);
export const versionSchema = numberSchema().int().min(1).max(2_147_483_647);
export const reasonSchema = z.string().trim().min(1, 'is required').max(500);
/** A join token: base64url payload "." base64url MAC (the adapter re-checks everything). */
export const joinTokenSchema = z
  .string()
  .min(20)
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'is not a join token');
/**
 * `true` or `false` only. (The REST adapter coerces plain `z.boolean()` inputs, which would read "no" as true.)
 */
export const strictBooleanSchema = z.union([z.literal(true), z.literal(false)]);

export const sessionStatusSchema = z.enum(SESSION_STATUSES);

/** What the patient's device check found (the domain's DeviceCheck). */
export const deviceCheckSchema = z
  .strictObject({
    camera: z.enum(CAMERA_OUTCOMES),
    microphone: z.enum(MICROPHONE_OUTCOMES),
    connection: z.enum(CONNECTION_QUALITIES),
  })
  .meta({ id: 'DeviceCheck' });
export const participantStatusSchema = z.enum(PARTICIPANT_STATUSES);
