import { ButtonLink, Card } from '@virtual-care/ui';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const [t, common] = await Promise.all([getTranslations('errorPages'), getTranslations('common')]);
  return (
    <main className="vc-center" id="main">
      <Card>
        <div className="vc-card__body vc-stack">
          <h1>{t('notFoundTitle')}</h1>
          <p>{t('notFoundBody')}</p>
          <ButtonLink href="/">{common('goHome')}</ButtonLink>
        </div>
      </Card>
    </main>
  );
}
