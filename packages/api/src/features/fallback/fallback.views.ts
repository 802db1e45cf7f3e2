import type { VirtualSessionRecord } from '@virtual-care/domain';
import type { BandwidthProfileDto } from './fallback.schema';
import { toBandwidthChangeDto } from '../sessions/session-dto.mapper';

export function bandwidthProfileDto(session: VirtualSessionRecord): BandwidthProfileDto {
  return {
    sessionId: session.id,
    bandwidthProfile: session.bandwidthProfile,
    bandwidthChanges: session.bandwidthChanges.map(toBandwidthChangeDto),
    version: session.version,
  };
}
