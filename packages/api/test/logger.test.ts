import { TRPCError } from '@trpc/server';
import { DomainError } from '@virtual-care/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, redactConsole } from '../src/logger';

/**
 * What the operator reads: every line the web app's and the worker's logger writes (decision 0039). The whole-visit
 * proof against PostgreSQL and NATS is apps/worker/test/phi-free-logs.int.test.ts; these are the shapes it may not
 * meet on a given day.
 */
function capture() {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', name: 'test' }, { write: (l) => void lines.push(l) });
  const written = () => lines.map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
  return { log, lines, written };
}

/** A node-postgres DatabaseError as the driver builds it (the same own properties). */
function databaseError(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', ...fields });
}

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ6ZXBoIn0.c2lnbmF0dXJlLXZhbHVl';
const JOIN_TOKEN = 'eyJraWQiOiJrMSJ9.aG1hYy1zaWduYXR1cmU';

describe('the log redaction shared by the web app and the worker', () => {
  it('patient fields, message text and credentials are replaced at any depth', () => {
    const { log, lines, written } = capture();
    log.info(
      {
        sessionId: 'vcs_1',
        patient: {
          name: { given: ['Zephyrine'], family: 'Quillfeather' },
          birthDate: '1990-02-03',
        },
        visit: { chiefComplaint: 'Marrowglen ankle', answers: [{ answer: 'Vantablue' }] },
        messages: [{ body: 'Brindlewick compress' }],
        req: { headers: { cookie: 'vc_join=abc', authorization: `Bearer ${JWT}` } },
        photo: new Uint8Array([1, 2, 3]),
        audioBytes: 24_000,
      },
      'visit_logged',
    );
    const text = lines.join('');
    for (const phi of [
      'Zephyrine',
      'Quillfeather',
      '1990-02-03',
      'Marrowglen',
      'Vantablue',
      'Brindlewick',
      'vc_join=abc',
      JWT,
    ])
      expect(text).not.toContain(phi);
    expect(written()[0]).toMatchObject({
      sessionId: 'vcs_1',
      patient: { name: '[redacted]', birthDate: '[redacted]' },
      visit: { chiefComplaint: '[redacted]', answers: '[redacted]' },
      messages: '[redacted]',
      req: { headers: { cookie: '[redacted]', authorization: '[redacted]' } },
      photo: '[redacted]',
      audioBytes: 24_000,
      msg: 'visit_logged',
    });
  });

  it('a token in a URL, a JWT or join token in any text, and a bearer credential are cut out of strings and messages', () => {
    const { log, written } = capture();
    log.info(
      { url: `/join?lang=en&token=${JOIN_TOKEN}`, note2: `sent ${JWT} along` },
      'GET /join?token=%s',
      JOIN_TOKEN,
    );
    log.warn(`upstream said Bearer ${JWT}`);
    const [first, second] = written();
    expect(first).toMatchObject({
      url: '/join?lang=en&token=[redacted]',
      note2: 'sent [redacted] along',
      msg: 'GET /join?token=[redacted]',
    });
    expect(second!.msg).toBe('upstream said Bearer [redacted]');
  });

  it('a PostgreSQL error keeps its code, constraint and table; its detail, where and the values quoted in its message go', () => {
    const { log, lines, written } = capture();
    const unique = databaseError(
      'duplicate key value violates unique constraint "users_email_key"',
      {
        code: '23505',
        detail: 'Key (email)=(zephyrine@quillfeather.example) already exists.',
        constraint: 'users_email_key',
        table: 'users',
        where: 'SQL statement "INSERT INTO users VALUES (\'zephyrine@quillfeather.example\')"',
      },
    );
    const cast = databaseError('invalid input syntax for type uuid: "Zephyrine Quillfeather"', {
      code: '22P02',
      routine: 'string_to_uuid',
    });
    log.error({ err: unique }, 'trpc_internal_error');
    log.error(cast);
    expect(lines.join('')).not.toMatch(/zephyrine|quillfeather/i);
    const [first, second] = written();
    const { stack, ...rest } = first!.err as { stack: string };
    expect(rest).toEqual({
      type: 'Error',
      code: '23505',
      message: 'duplicate key value violates unique constraint "users_email_key"',
      constraint: 'users_email_key',
      table: 'users',
    });
    expect(stack).toMatch(
      /^Error: duplicate key value violates unique constraint "users_email_key"\n {4}at /,
    );
    expect(second).toMatchObject({
      msg: 'invalid input syntax for type uuid: "[redacted]"',
      err: { code: '22P02', message: 'invalid input syntax for type uuid: "[redacted]"' },
    });
  });

  it('a wrapper repeating its cause (tRPC) is logged with the safe message; zod input, Prisma text and domain details go', () => {
    const { log, lines, written } = capture();
    const cause = databaseError('invalid input value for enum status: "Quillfeather"', {
      code: '22P02',
    });
    const wrapped = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
    const invalid = z.object({ age: z.number() }).safeParse({ age: 'Zephyrine' }).error!;
    const prisma = Object.assign(
      new Error('Invalid `prisma.patient.create()` invocation: { name: "Zephyrine" }'),
      {
        name: 'PrismaClientValidationError',
      },
    );
    const domain = new DomainError('VALIDATION_FAILED', 'Not valid', { value: 'Zephyrine' });
    log.error({ err: wrapped, errors: [invalid, prisma, domain] }, 'rest_internal_error');
    expect(lines.join('')).not.toMatch(/zephyrine|quillfeather/i);
    const [line] = written();
    expect(line!.err).toMatchObject({
      type: 'TRPCError',
      message: 'invalid input value for enum status: "[redacted]"',
      cause: { code: '22P02', message: 'invalid input value for enum status: "[redacted]"' },
    });
    expect(line!.errors).toMatchObject([
      {
        type: 'ZodError',
        message: 'Invalid input',
        issues: [{ path: 'age', code: 'invalid_type' }],
      },
      { type: 'Error', message: '[redacted]' },
      { type: 'DomainError', code: 'VALIDATION_FAILED', message: 'Not valid' },
    ]);
  });

  it("the framework's own console output (Next.js printing an uncaught error) goes through the same redaction", () => {
    const printed: unknown[][] = [];
    const fake = {
      error: (...args: unknown[]) => void printed.push(args),
      warn: (...args: unknown[]) => void printed.push(args),
      info: (...args: unknown[]) => void printed.push(args),
      log: (...args: unknown[]) => void printed.push(args),
    } as unknown as Console;
    redactConsole(fake);
    redactConsole(fake); // twice is once
    const error = databaseError('duplicate key value violates unique constraint "phi_pkey"', {
      code: '23505',
      detail: 'Key (complaint)=(Snorbelt cough) already exists.',
      constraint: 'phi_pkey',
    });
    fake.error(' ⨯ GET /join?token=' + JOIN_TOKEN, error, { patientName: 'Zephyrine' });
    expect(printed).toHaveLength(1);
    const [url, shown, object] = printed[0]!;
    expect(url).toBe(' ⨯ GET /join?token=[redacted]');
    expect(shown).toBeInstanceOf(Error);
    expect(Object.keys(shown as Error)).toEqual([]);
    expect((shown as Error).message).toBe(
      'duplicate key value violates unique constraint "phi_pkey"',
    );
    expect(JSON.stringify(object)).toBe('{"patientName":"[redacted]"}');
  });
});
