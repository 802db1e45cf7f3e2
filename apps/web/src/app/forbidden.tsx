import { Alert, ButtonLink, Card } from '@virtual-care/ui';
import { getTranslations } from 'next-intl/server';
import { SignOutButton } from '../components/sign-out-button';

/** Rendered with status 403 by forbidden(): signed in, but this area is not for your role. */
export default async function Forbidden() {
  const [t, common] = await Promise.all([getTranslations('errorPages'), getTranslations('common')]);
  return (
    <main className="vc-center" id="main">
      <Card>
        <div className="vc-card__body vc-stack">
          <h1>{t('forbiddenTitle')}</h1>
          <Alert tone="warning" announce={false}>
            {t('forbiddenBody')}
          </Alert>
          <div className="vc-actions">
            <ButtonLink href="/">{common('goHome')}</ButtonLink>
            <SignOutButton variant="secondary" label={common('signOut')} />
          </div>
        </div>
      </Card>
    </main>
  );
}
