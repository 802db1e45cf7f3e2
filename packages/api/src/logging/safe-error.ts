import { REDACTED, scrubText } from './scrub-text';

/**
 * What a log line keeps of an error: its kind, code and stack frames, and a message known not to carry row values.
 * Everything else an error object holds is dropped, because that is where data hides: a PostgreSQL error's `detail`
 * ("Key (x)=(<the value>) already exists"), `where`, `hint` and `internalQuery`; a driver's query text and
 * parameters; Prisma's `meta`; zod's `input`; a DomainError's `details`.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  /** Where a database error points (names from our schema), never what the row held. */
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  issues?: { path: string; code?: string; message: string }[];
  stack?: string;
  cause?: SafeError;
}

interface DatabaseErrorLike extends Error {
  code: string;
  severity: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  dataType?: string;
  routine?: string;
}

interface ZodErrorLike extends Error {
  issues: { path: PropertyKey[]; code?: string; message: string }[];
}

const MAX_CAUSES = 3;

export function safeError(error: Error, depth = 0): SafeError {
  const cause =
    error.cause instanceof Error && depth < MAX_CAUSES
      ? safeError(error.cause, depth + 1)
      : undefined;
  // A wrapper often repeats its cause's message (tRPC's error does): it is repeated in its safe form.
  const repeats = cause && (error.cause as Error).message;
  const message =
    cause && repeats ? error.message.replaceAll(repeats, cause.message) : error.message;
  const safe = describe(error, message);
  const frames = stackFrames(error.stack);
  if (frames) safe.stack = `${safe.type}: ${safe.message}\n${frames}`;
  if (cause) safe.cause = cause;
  return safe;
}

function describe(error: Error, message: string): SafeError {
  const type =
    error.constructor?.name && error.constructor.name !== 'Object'
      ? error.constructor.name
      : error.name;
  if (isDatabaseError(error)) {
    return {
      type,
      code: error.code,
      message: withoutQuotedValues(error),
      ...(error.constraint ? { constraint: error.constraint } : {}),
      ...(error.table ? { table: error.table } : {}),
      ...(error.column ? { column: error.column } : {}),
      ...(error.routine ? { routine: error.routine } : {}),
    };
  }
  if (isZodError(error)) {
    return {
      type,
      message: 'Invalid input',
      issues: error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        ...(issue.code ? { code: issue.code } : {}),
        message: scrubText(issue.message),
      })),
    };
  }
  const { code: rawCode } = error as { code?: unknown };
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  // Prisma prints the call's arguments (values included) into its messages: only the error code is kept.
  if (/^Prisma|^DriverAdapter/.test(type) || /^Prisma/.test(error.name))
    return { type, message: REDACTED, ...(code ? { code } : {}) };
  return { type, message: scrubText(message), ...(code ? { code } : {}) };
}

/** node-postgres's DatabaseError (and look-alikes): a five-character SQLSTATE and a severity. */
function isDatabaseError(error: Error): error is DatabaseErrorLike {
  const e = error as Partial<DatabaseErrorLike>;
  return (
    typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
  );
}

/** By shape, not class: zod errors may come from another copy of zod. */
function isZodError(error: Error): error is ZodErrorLike {
  return error.name === 'ZodError' && Array.isArray((error as Partial<ZodErrorLike>).issues);
}

/**
 * PostgreSQL quotes both names and values in its messages ('invalid input syntax for type uuid: "<value>"'): a
 * quoted part that is not one of the error's own names (constraint, table, column, type) is replaced.
 */
function withoutQuotedValues(error: DatabaseErrorLike): string {
  const names = new Set(
    [error.constraint, error.table, error.column, error.schema, error.dataType].filter(Boolean),
  );
  return error.message.replace(/"([^"]*)"/g, (quoted, inner: string) =>
    names.has(inner) ? quoted : `"${REDACTED}"`,
  );
}

/** The stack's frames only: its first lines repeat the message, which is rewritten above. */
function stackFrames(stack: string | undefined): string | undefined {
  const frames = stack
    ?.split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n');
  return frames ? scrubText(frames) : undefined;
}
