'use server';

import { signInWithPassword } from '@virtual-care/api';
import { encode } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getEnv } from '../env';
import { SESSION_MAX_AGE_SECONDS, sessionCookie } from './auth-cookies';
import { clientAddressFrom } from './client-address';
import { getServices } from './composition';
import { safeCallbackUrl } from './safe-callback-url';
import { tokenFromSignedInUser } from './session-token';
import type { SignInFormState } from './sign-in-form-state';

/**
 * The sign-in form's server action: the same use case as next-auth's
 * Credentials provider, but a plain form POST, so it works without JavaScript.
 * On success it writes next-auth's own session cookie (same name, same encoder,
 * same claims), so getServerSession reads it like any other.
 */
export async function signInAction(
  _previous: SignInFormState,
  form: FormData,
): Promise<SignInFormState> {
  const textField = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const email = textField('email').trim();
  const password = textField('password');
  const fieldErrors: SignInFormState['fieldErrors'] = {};
  if (!email) fieldErrors.email = 'Enter your email address';
  if (!password) fieldErrors.password = 'Enter your password';
  if (fieldErrors.email || fieldErrors.password) return { email, fieldErrors, error: null };

  const { signInDirectory, passwords, logger } = getServices();
  const requestHeaders = await headers();
  const result = await signInWithPassword(
    { directory: signInDirectory, passwords, now: () => new Date() },
    { email, password, clientAddress: clientAddressFrom((name) => requestHeaders.get(name)) },
  );
  if (!result.ok) {
    logger.info({ event: 'sign_in_failed', reason: result.reason, provider: 'form' });
    return { email, fieldErrors: {}, error: result.message };
  }
  logger.info({ event: 'sign_in_succeeded', userId: result.user.id, provider: 'form' });

  const cookie = sessionCookie();
  const token = await encode({
    token: tokenFromSignedInUser(result.user),
    secret: getEnv().nextAuthSecret,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(cookie.name, token, { ...cookie.options, maxAge: SESSION_MAX_AGE_SECONDS });
  redirect(safeCallbackUrl(form.get('callbackUrl')));
}
