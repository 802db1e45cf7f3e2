import { redactValue } from './redaction';
import { safeError } from './safe-error';
import { scrubText } from './scrub-text';

const METHODS = ['error', 'warn', 'info', 'log'] as const;
const REDACTING = Symbol.for('virtual-care.redact-console');

/**
 * Routes what the framework prints itself (Next.js reports an uncaught error with `console.error(error)`, and
 * util.inspect prints all of an error's properties, a PostgreSQL `detail` included) through the same redaction as
 * our own log lines. Errors are reprinted from their safe shape; strings lose embedded tokens; objects their
 * redacted fields. Idempotent.
 */
export function redactConsole(target: Console = console): void {
  const marked = target as Console & { [REDACTING]?: true };
  if (marked[REDACTING]) return;
  marked[REDACTING] = true;
  for (const method of METHODS) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => original(...args.map(redactArgument));
  }
}

function redactArgument(arg: unknown): unknown {
  if (typeof arg === 'string') return scrubText(arg);
  if (arg instanceof Error) {
    const safe = safeError(arg);
    const printed = new Error(safe.message);
    // Not enumerable, as on any error: util.inspect then prints the stack and nothing else.
    const name = safe.code ? `${safe.type} [${safe.code}]` : safe.type;
    Object.defineProperty(printed, 'name', { value: name, enumerable: false });
    printed.stack = safe.stack ?? `${name}: ${safe.message}`;
    return printed;
  }
  return redactValue(arg);
}
