import NextAuth from 'next-auth';
import { getAuthOptions } from '../../../../server/auth-options';

// Options are built per request (not at import) so `next build` needs no secrets.
async function handler(
  request: Request,
  context: { params: Promise<{ nextauth: string[] }> },
): Promise<Response> {
  return NextAuth(request as never, context as never, getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
