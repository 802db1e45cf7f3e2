import { PageHeader } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AreaShell } from '../../components/area-shell';
import { AsyncVisitQueuePanel } from '../../components/clinician/async-visit-queue';
import { NewSessionForm } from '../../components/clinician/new-session-form';
import { SessionsPanel } from '../../components/clinician/sessions-panel';
import { WaitingRoomPanel } from '../../components/clinician/waiting-room-panel';
import { requireRole } from '../../server/session';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('clinician.dashboard');
  return { title: t('metaTitle') };
}

export default async function ClinicianDashboardPage() {
  // Pages check too: a layout does not re-run on every client navigation.
  const session = await requireRole(['clinician'], '/clinician');
  const t = await getTranslations('clinician.dashboard');
  return (
    <AreaShell session={session} current="/clinician">
      <PageHeader title={t('title')}>{t('intro')}</PageHeader>
      <div className="vc-grid">
        <WaitingRoomPanel />
        <NewSessionForm />
      </div>
      <div style={{ marginBlockStart: 'var(--vc-space-4)' }}>
        <AsyncVisitQueuePanel />
      </div>
      <div style={{ marginBlockStart: 'var(--vc-space-4)' }}>
        <SessionsPanel />
      </div>
    </AreaShell>
  );
}
