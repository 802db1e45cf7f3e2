'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { sessionCookie } from './auth-cookies';

/** Sessions are stateless JWTs: signing out is removing the cookie. A form POST, so no JS needed. */
export async function signOutAction(): Promise<void> {
  const cookie = sessionCookie();
  // Expire with the same attributes it was set with (a __Secure- cookie is only cleared by a Secure Set-Cookie).
  (await cookies()).set(cookie.name, '', { ...cookie.options, maxAge: 0 });
  redirect('/signin');
}
