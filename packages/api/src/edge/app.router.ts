import { healthProcedure } from '../features/health/health.procedure';
import { meProcedure } from '../features/me/me.procedure';
import { router } from './trpc';
import { asyncVisitsRouter } from '../features/async-visits/async-visits.router';
import { configRouter } from '../features/config/config.router';
import { consentsRouter } from '../features/consents/consents.router';
import { fallbackRouter } from '../features/fallback/fallback.router';
import { joinRouter } from '../features/join/join.router';
import { joinTokensRouter } from '../features/join/join-tokens.router';
import { participantsRouter } from '../features/participants/participants.router';
import { patientsRouter } from '../features/patients/patients.router';
import { scribeRouter } from '../features/scribe/scribe.router';
import { sessionsRouter } from '../features/sessions/sessions.router';
import { waitingRoomRouter } from '../features/waiting-room/waiting-room.router';

// `join` comes before `sessions`: the REST adapter matches paths in this order, and /sessions/join must win
// over /sessions/{id}.
export const appRouter = router({
  health: healthProcedure,
  me: meProcedure,
  join: joinRouter,
  sessions: sessionsRouter,
  fallback: fallbackRouter,
  participants: participantsRouter,
  joinTokens: joinTokensRouter,
  patients: patientsRouter,
  config: configRouter,
  consents: consentsRouter,
  waitingRoom: waitingRoomRouter,
  asyncVisits: asyncVisitsRouter,
  scribe: scribeRouter,
});

export type AppRouter = typeof appRouter;
