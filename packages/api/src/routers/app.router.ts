import { healthProcedure } from '../procedures/health.procedure';
import { meProcedure } from '../procedures/me.procedure';
import { router } from '../trpc';
import { configRouter } from './config.router';
import { consentsRouter } from './consents.router';
import { joinRouter } from './join.router';
import { joinTokensRouter } from './join-tokens.router';
import { participantsRouter } from './participants.router';
import { patientsRouter } from './patients.router';
import { sessionsRouter } from './sessions.router';
import { waitingRoomRouter } from './waiting-room.router';

// `join` comes before `sessions`: the REST adapter matches paths in this order, and /sessions/join must win
// over /sessions/{id}.
export const appRouter = router({
  health: healthProcedure,
  me: meProcedure,
  join: joinRouter,
  sessions: sessionsRouter,
  participants: participantsRouter,
  joinTokens: joinTokensRouter,
  patients: patientsRouter,
  config: configRouter,
  consents: consentsRouter,
  waitingRoom: waitingRoomRouter,
});

export type AppRouter = typeof appRouter;
