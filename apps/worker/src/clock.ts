import type { Clock } from '@virtual-care/domain';

export const systemClock: Clock = { now: () => new Date() };
