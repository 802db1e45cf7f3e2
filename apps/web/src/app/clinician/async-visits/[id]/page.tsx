import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AreaShell } from '../../../../components/area-shell';
import { AsyncVisitReview } from '../../../../components/clinician/async-visit-review';
import { requireRole } from '../../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('clinician.asyncVisits');
  return { title: t('metaTitle') };
}

export default async function AsyncVisitReviewPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const session = await requireRole(
    ['clinician'],
    `/clinician/async-visits/${encodeURIComponent(id)}`,
  );
  const t = await getTranslations('clinician.asyncVisits');
  return (
    <AreaShell session={session} current="/clinician">
      <p>
        <a href="/clinician">← {t('back')}</a>
      </p>
      <AsyncVisitReview id={id} />
    </AreaShell>
  );
}
