import { PageHeader } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { AreaShell } from '../../components/area-shell';
import { NewSessionForm } from '../../components/clinician/new-session-form';
import { SessionsPanel } from '../../components/clinician/sessions-panel';
import { WaitingRoomPanel } from '../../components/clinician/waiting-room-panel';
import { requireRole } from '../../server/session';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function ClinicianDashboardPage() {
  // Pages check too: a layout does not re-run on every client navigation.
  const session = await requireRole(['clinician'], '/clinician');
  return (
    <AreaShell session={session} current="/clinician">
      <PageHeader title="Today">
        Your sessions for today and the patients waiting for you.
      </PageHeader>
      <div className="vc-grid">
        <WaitingRoomPanel />
        <NewSessionForm />
      </div>
      <div style={{ marginBlockStart: 'var(--vc-space-4)' }}>
        <SessionsPanel />
      </div>
    </AreaShell>
  );
}
