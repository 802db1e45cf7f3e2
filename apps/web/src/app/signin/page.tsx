import { Alert, Card } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { OrganisationSignInButton } from '../../components/organisation-sign-in-button';
import { SignInForm } from '../../components/sign-in-form';
import { getEnv } from '../../env';
import { setLanguageAction } from '../../i18n/language.action';
import { LanguageSwitcher } from '../../i18n/language-switcher';
import { safeCallbackUrl } from '../../server/safe-callback-url';
import { getSessionClaims, homePathFor } from '../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signIn');
  return { title: t('metaTitle') };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const session = await getSessionClaims();
  if (session) redirect(homePathFor(session.roles));

  const [locale, t, common] = await Promise.all([
    getLocale(),
    getTranslations('signIn'),
    getTranslations('common'),
  ]);
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  // next-auth redirects here with ?error= after a failed next-auth sign-in (OIDC, or its credentials endpoint).
  const error = typeof params.error === 'string' ? params.error : null;
  const errorMessage =
    error === null ? null : error === 'CredentialsSignin' ? t('failed') : t('providerError');
  const oidcEnabled = getEnv().oidc !== null;

  return (
    <main className="vc-center" id="main">
      <Card>
        <div className="vc-card__body vc-stack">
          <div className="vc-signin__top">
            <p className="vc-shell__product">{common('productName')}</p>
            <LanguageSwitcher
              locale={locale}
              label={common('language')}
              action={setLanguageAction}
            />
          </div>
          <div>
            <h1>{t('title')}</h1>
            <p>{t('intro')}</p>
          </div>
          {errorMessage ? <Alert tone="error">{errorMessage}</Alert> : null}
          <SignInForm
            callbackUrl={callbackUrl}
            labels={{
              email: t('email'),
              password: t('password'),
              submit: t('submit'),
              submitting: t('submitting'),
              failed: t('failed'),
              emailRequired: t('emailRequired'),
              passwordRequired: t('passwordRequired'),
            }}
          />
          {oidcEnabled ? (
            <>
              <p aria-hidden="true" className="vc-signin__or">
                {t('or')}
              </p>
              <OrganisationSignInButton callbackUrl={callbackUrl} label={t('organisation')} />
            </>
          ) : null}
        </div>
      </Card>
    </main>
  );
}
