import { EmptyState, PageHeader, Panel } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { AreaShell } from '../../components/area-shell';
import { requireRole } from '../../server/session';

export const metadata: Metadata = { title: 'My visits' };

export default async function PatientPortalPage() {
  const session = await requireRole(['patient'], '/portal');
  return (
    <AreaShell session={session} current="/portal">
      <PageHeader title="My visits">Video visits with {session.tenantName || 'your clinic'}.</PageHeader>
      <Panel title="Upcoming visits">
        <EmptyState title="No visits yet">
          When your clinic books a video visit, it will appear here, and they will send you a link to join.
        </EmptyState>
      </Panel>
    </AreaShell>
  );
}
