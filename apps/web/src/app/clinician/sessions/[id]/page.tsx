import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AreaShell } from '../../../../components/area-shell';
import { VisitRoom } from '../../../../components/clinician/visit-room';
import { requireRole } from '../../../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('clinician.visit');
  return { title: t('metaTitle') };
}

export default async function VisitRoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireRole(['clinician'], `/clinician/sessions/${encodeURIComponent(id)}`);
  const t = await getTranslations('clinician.visit');
  return (
    <AreaShell session={session} current="/clinician">
      <p>
        <a href="/clinician">← {t('back')}</a>
      </p>
      <VisitRoom sessionId={id} />
    </AreaShell>
  );
}
