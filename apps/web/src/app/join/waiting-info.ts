/** What the waiting room shows besides "please wait": both absent on a server that does not send them yet. */
export interface WaitingInfo {
  /** The clinician said they are running about this many minutes late. */
  runningLateMinutes: number | null;
  /** Patients before this one for the same clinician, and whether the clinician is in a visit now. */
  queue: { ahead: number; clinicianBusy: boolean } | null;
}

/** The waiting-room fields of a status answer, tolerating their absence or any odd shape. */
export function readWaitingInfo(answer: unknown): WaitingInfo {
  const value = (answer ?? {}) as { runningLateMinutes?: unknown; queue?: unknown };
  const late = value.runningLateMinutes;
  const queue = value.queue as { ahead?: unknown; clinicianBusy?: unknown } | null | undefined;
  return {
    runningLateMinutes:
      typeof late === 'number' && Number.isFinite(late) && late > 0 ? Math.round(late) : null,
    queue:
      queue && typeof queue.ahead === 'number' && Number.isFinite(queue.ahead) && queue.ahead >= 0
        ? { ahead: Math.floor(queue.ahead), clinicianBusy: queue.clinicianBusy === true }
        : null,
  };
}
