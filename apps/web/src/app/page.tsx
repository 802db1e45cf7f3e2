import { redirect } from 'next/navigation';
import { getSessionClaims, homePathFor } from '../server/session';

/** The front door: each role to its own area, everyone else to sign-in. */
export default async function HomePage(): Promise<never> {
  const session = await getSessionClaims();
  redirect(session ? homePathFor(session.roles) : '/signin');
}
