export { clientAddressOf } from './client-address';
export { countingRefusedJoinTokens, isRefusedAsNotOurs } from './join-token-guard';
export {
  RateLimitedError,
  rateLimitHeaders,
  rateLimitedErrorOf,
  type RateLimitName,
} from './rate-limited.error';
export { createRateLimits, type RateLimitConfig, type RateLimits } from './rate-limits';
