import { GENERIC_SIGN_IN_ERROR } from '@virtual-care/api';
import { Alert, Card } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { OrganisationSignInButton } from '../../components/organisation-sign-in-button';
import { SignInForm } from '../../components/sign-in-form';
import { getEnv } from '../../env';
import { safeCallbackUrl } from '../../server/safe-callback-url';
import { getSessionClaims, homePathFor } from '../../server/session';

export const metadata: Metadata = { title: 'Sign in' };

// next-auth redirects here with ?error= after a failed next-auth sign-in (OIDC, or its credentials endpoint).
const PROVIDER_ERROR =
  'We could not sign you in with your organisation. Check that your clinic has given you access, or sign in with your email.';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const session = await getSessionClaims();
  if (session) redirect(homePathFor(session.roles));

  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  const error = typeof params.error === 'string' ? params.error : null;
  const errorMessage =
    error === null ? null : error === 'CredentialsSignin' ? GENERIC_SIGN_IN_ERROR : PROVIDER_ERROR;
  const oidcEnabled = getEnv().oidc !== null;

  return (
    <main className="vc-center" id="main">
      <Card>
        <div className="vc-card__body vc-stack">
          <div>
            <p className="vc-shell__product" style={{ marginBlockEnd: 'var(--vc-space-1)' }}>
              Virtual Care
            </p>
            <h1>Sign in</h1>
            <p>For clinicians, clinic administrators and patients with an account.</p>
          </div>
          {errorMessage ? <Alert tone="error">{errorMessage}</Alert> : null}
          <SignInForm callbackUrl={callbackUrl} />
          {oidcEnabled ? (
            <>
              <p
                aria-hidden="true"
                style={{ textAlign: 'center', color: 'var(--vc-color-text-muted)' }}
              >
                or
              </p>
              <OrganisationSignInButton callbackUrl={callbackUrl} />
            </>
          ) : null}
        </div>
      </Card>
    </main>
  );
}
