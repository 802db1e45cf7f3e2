import {
  createArgon2PasswordVerifier,
  createBearerAuthenticator,
  createLogger,
  createServices,
  createSessionRolesRecheck,
  type ApiServices,
  type BearerAuthenticator,
  type Logger,
  type PasswordVerifier,
  type SessionRolesRecheck,
  type SignInDirectory,
} from '@virtual-care/api';
import { getEnv } from '../env';
import { createDatabaseSignInDirectory, getDatabase } from './database';
import { getWebMetrics } from './observability';

interface WebServices {
  logger: Logger;
  passwords: PasswordVerifier;
  signInDirectory: SignInDirectory;
  /** The session API's use-case dependencies (packages/api's composition root), on this process's one pool. */
  virtualCare: ApiServices;
  /** Verifies `Authorization: Bearer` tokens of REST callers (null config: bearer auth off). */
  bearer: BearerAuthenticator;
  /** The sign-in cookie's roles as the membership table has them now (re-read every minute at most). */
  sessionRoles: SessionRolesRecheck;
}

// Kept on globalThis so dev hot reloads do not open a new pool each time. Nothing
// request-specific lives here: any instance can serve any request.
const globalForServices = globalThis as typeof globalThis & { __vcWebServices?: WebServices };

/**
 * The web app's composition root: ports wired to adapters from validated config, built on first use. Every way
 * in (tRPC, REST, the join routes and pages, server components) calls this and puts the services into its
 * request context; nothing depends on another module having been imported first.
 */
export function getServices(): WebServices {
  if (!globalForServices.__vcWebServices) {
    // The database's and the session API's slices, validated with the web's own (src/env.ts), as in the worker.
    const env = getEnv();
    const logger = createLogger({ level: env.logLevel, name: 'web' });
    globalForServices.__vcWebServices = {
      logger,
      passwords: createArgon2PasswordVerifier(),
      signInDirectory: createDatabaseSignInDirectory(getDatabase()),
      virtualCare: createServices(env, { db: getDatabase(), logger, metrics: getWebMetrics() }),
      bearer: createBearerAuthenticator(env.bearer),
      sessionRoles: createSessionRolesRecheck({ directory: getDatabase().signIn }),
    };
  }
  return globalForServices.__vcWebServices;
}
