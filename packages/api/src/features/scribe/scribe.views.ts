import { createHash } from 'node:crypto';
import type { TranscriptSegmentRecord } from '@virtual-care/domain';
import type { TranscriptSegmentDto } from './scribe.schema';

export function transcriptSegmentDto(segment: TranscriptSegmentRecord): TranscriptSegmentDto {
  return {
    segmentId: `${segment.sessionId}.${segment.sequence}`,
    sequence: segment.sequence,
    text: segment.text,
    model: segment.model,
    createdAt: segment.createdAt.toISOString(),
    expiresAt: segment.expiresAt.toISOString(),
  };
}

/** The draft's fingerprint: what comes back with the acceptance is compared with it, so nothing is stored. */
export function draftDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
