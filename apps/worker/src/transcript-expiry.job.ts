import type { Clock } from '@virtual-care/domain';
import type { WorkerScanStore } from '@virtual-care/db';
import type { Logger } from 'pino';

export interface TranscriptExpiryDeps {
  scans: Pick<WorkerScanStore, 'deleteExpiredTranscripts'>;
  clock: Clock;
  log: Logger;
}

/** Often enough that an expired transcript is gone within minutes, not only hidden from readers. */
export const TRANSCRIPT_EXPIRY_INTERVAL_MS = 5 * 60_000;

/**
 * One pass of the AI transcript's retention (decision 0029): every tenant's segments past their expires_at are
 * deleted. Readers already skip them, so a late pass shows nothing expired; this makes it gone. Logs a count only.
 */
export async function runTranscriptExpiryPass(
  deps: TranscriptExpiryDeps,
): Promise<{ deleted: number }> {
  const deleted = await deps.scans.deleteExpiredTranscripts(deps.clock.now());
  if (deleted > 0) deps.log.info({ deleted }, 'expired AI transcript segments deleted');
  return { deleted };
}
