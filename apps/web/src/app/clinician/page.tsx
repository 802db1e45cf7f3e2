import { EmptyState, PageHeader, Panel } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { AreaShell } from '../../components/area-shell';
import { requireRole } from '../../server/session';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function ClinicianDashboardPage() {
  // Pages check too: a layout does not re-run on every client navigation.
  const session = await requireRole(['clinician'], '/clinician');
  return (
    <AreaShell session={session} current="/clinician">
      <PageHeader title="Today">Your sessions for today and the patients waiting for you.</PageHeader>
      <div className="vc-grid">
        <Panel title="Today's sessions">
          <EmptyState title="No sessions yet">Sessions you schedule for today will appear here.</EmptyState>
        </Panel>
        <Panel title="Waiting room">
          <EmptyState title="No sessions yet">
            When a patient opens their join link, they will appear here so you can admit them.
          </EmptyState>
        </Panel>
      </div>
    </AreaShell>
  );
}
