import { bandwidthProfileProcedure } from './bandwidth-profile.procedure';
import { fallbackMessageProcedure } from './fallback-message.procedure';
import { messagesProcedure } from './messages.procedure';
import { sendMessageProcedure } from './send-message.procedure';
import { router } from '../../edge/trpc';

/** Bandwidth fallback (US-008): video -> audio only -> async messaging. */
export const fallbackRouter = router({
  message: fallbackMessageProcedure,
  bandwidthProfile: bandwidthProfileProcedure,
  messages: messagesProcedure,
  sendMessage: sendMessageProcedure,
});
