import { bandwidthProfileProcedure } from './bandwidth-profile.procedure';
import { fallbackMessageProcedure } from './fallback-message.procedure';
import { router } from '../../edge/trpc';

/** Bandwidth fallback (US-008): video -> audio only -> async messaging. */
export const fallbackRouter = router({
  message: fallbackMessageProcedure,
  bandwidthProfile: bandwidthProfileProcedure,
});
