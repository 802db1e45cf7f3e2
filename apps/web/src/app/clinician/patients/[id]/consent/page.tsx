import { PageHeader } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { AreaShell } from '../../../../../components/area-shell';
import { VerbalConsentForm } from '../../../../../components/consent/verbal-consent-form';
import { requireRole } from '../../../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('consent.verbal');
  return { title: t('metaTitle') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Record a patient's verbal consent (the clinician layout provides the tRPC client). */
export default async function PatientConsentPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireRole(['clinician'], '/clinician');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const t = await getTranslations('consent.verbal');
  return (
    <AreaShell session={session} current="/clinician">
      <PageHeader title={t('title')}>{t('intro')}</PageHeader>
      <VerbalConsentForm patientId={id} />
    </AreaShell>
  );
}
