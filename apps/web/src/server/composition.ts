import {
  createArgon2PasswordVerifier,
  createLogger,
  type Logger,
  type PasswordVerifier,
  type SignInDirectory,
} from '@virtual-care/api';
import { getEnv } from '../env';
import { createDatabaseSignInDirectory, getDatabase } from './database';

interface WebServices {
  logger: Logger;
  passwords: PasswordVerifier;
  signInDirectory: SignInDirectory;
}

// Kept on globalThis so dev hot reloads do not open a new pool each time. Nothing
// request-specific lives here: any instance can serve any request.
const globalForServices = globalThis as typeof globalThis & { __vcWebServices?: WebServices };

/** The web app's composition root: ports wired to adapters from validated config. */
export function getServices(): WebServices {
  if (!globalForServices.__vcWebServices) {
    const env = getEnv();
    globalForServices.__vcWebServices = {
      logger: createLogger({ level: env.logLevel, name: 'web' }),
      passwords: createArgon2PasswordVerifier(),
      signInDirectory: createDatabaseSignInDirectory(getDatabase()),
    };
  }
  return globalForServices.__vcWebServices;
}
