import { appRouter, createCallerFactory, createContext } from '@virtual-care/api';
import { getServices } from '../server/composition';
import { getSessionClaims } from '../server/session';

const createCaller = createCallerFactory(appRouter);

/** Calls procedures from server components with the same context the HTTP handler builds. */
export async function getServerCaller() {
  return createCaller(
    createContext(await getSessionClaims(), { services: getServices().virtualCare }),
  );
}
