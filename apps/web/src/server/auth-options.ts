import {
  signInWithIdentityProvider,
  signInWithPassword,
  type SignedInUser,
} from '@virtual-care/api';
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getEnv } from '../env';
import { SESSION_MAX_AGE_SECONDS, sessionCookie } from './auth-cookies';
import { clientAddressFrom } from './client-address';
import { getServices } from './composition';
import { claimsFromToken, tokenFromSignedInUser } from './session-token';

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** A generic OpenID Connect provider (the organisation's IdP), from env; discovery via .well-known. */
function oidcProvider(oidc: {
  issuer: string;
  clientId: string;
  clientSecret: string;
}): OAuthConfig<OidcProfile> {
  return {
    id: 'oidc',
    name: 'your organisation',
    type: 'oauth',
    wellKnown: `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    idToken: true,
    checks: ['pkce', 'state'],
    authorization: { params: { scope: 'openid email profile' } },
    profile: (profile) => ({
      id: profile.sub,
      email: profile.email ?? null,
      name: profile.name ?? null,
    }),
  };
}

function toNextAuthUser(user: SignedInUser): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    tenantId: user.tenantId,
    tenantName: user.tenantName,
    roles: user.roles,
  };
}

/** Resolves an IdP sign-in to our own user and tenant roles (the IdP only vouches for the email). */
async function resolveOidcUser(profile: unknown) {
  const p = (profile ?? {}) as Partial<OidcProfile>;
  return signInWithIdentityProvider(getServices().signInDirectory, {
    email: p.email,
    emailVerified: p.email_verified,
  });
}

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, req) {
        const { signInDirectory, passwords, logger } = getServices();
        const headers = (req.headers ?? {}) as Record<string, string | undefined>;
        const result = await signInWithPassword(
          { directory: signInDirectory, passwords, now: () => new Date() },
          {
            email: credentials?.email ?? '',
            password: credentials?.password ?? '',
            clientAddress: clientAddressFrom((name) => headers[name]),
          },
        );
        if (!result.ok) {
          logger.info({ event: 'sign_in_failed', reason: result.reason, provider: 'credentials' });
          return null; // next-auth answers CredentialsSignin; the page shows the one generic message
        }
        logger.info({
          event: 'sign_in_succeeded',
          userId: result.user.id,
          provider: 'credentials',
        });
        return toNextAuthUser(result.user);
      },
    }),
  ];
  if (env.oidc) providers.push(oidcProvider(env.oidc));

  return {
    secret: env.nextAuthSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    cookies: { sessionToken: sessionCookie() },
    pages: { signIn: '/signin', error: '/signin' },
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== 'oidc') return true;
        return (await resolveOidcUser(profile)) !== null;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === 'oidc') {
          const resolved = await resolveOidcUser(profile);
          return resolved ? tokenFromSignedInUser(resolved) : {};
        }
        if (user?.tenantId && user.roles && user.email && user.name) {
          return tokenFromSignedInUser({
            id: user.id,
            email: user.email,
            name: user.name,
            tenantId: user.tenantId,
            tenantName: user.tenantName ?? '',
            roles: user.roles,
          });
        }
        return token;
      },
      session({ session, token }) {
        const claims = claimsFromToken(token);
        if (!claims) return session;
        return {
          ...session,
          user: claims.user,
          tenantId: claims.tenantId,
          tenantName: claims.tenantName,
          roles: [...claims.roles],
        };
      },
    },
  };
}
