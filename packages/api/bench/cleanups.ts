/** Registers `cleanup` for `value` and hands the value back. */
export type Defer = <T>(value: T, cleanup: (value: T) => unknown) => T;

/**
 * Runs `work`, then undoes what it deferred in reverse order whatever fails, so no server process or pool outlives
 * the run.
 */
export async function withCleanups(work: (defer: Defer) => Promise<void>): Promise<void> {
  const cleanups: Array<() => unknown> = [];
  const defer: Defer = (value, cleanup) => {
    cleanups.push(() => cleanup(value));
    return value;
  };
  try {
    await work(defer);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(error);
      }
    }
  }
}
