import { EmptyState, PageHeader, Panel } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { AreaShell } from '../../../components/area-shell';
import { requireRole } from '../../../server/session';

export const metadata: Metadata = { title: 'Settings' };

const SECTIONS = [
  { title: 'Video service', text: 'Jitsi server address, credentials and a connection test.' },
  { title: 'Branding', text: 'Your clinic name, logo and colours on patient pages.' },
  { title: 'Recording and participants', text: 'Recording policy, participant limits and reconnect grace windows.' },
];

export default async function AdminSettingsPage() {
  const session = await requireRole(['tenant_admin'], '/admin/settings');
  return (
    <AreaShell session={session} current="/admin/settings">
      <PageHeader title="Settings">How Virtual Care works for {session.tenantName || 'your clinic'}.</PageHeader>
      <div className="vc-grid">
        {SECTIONS.map((section) => (
          <Panel key={section.title} title={section.title}>
            <EmptyState title="Not set up yet">{section.text}</EmptyState>
          </Panel>
        ))}
      </div>
    </AreaShell>
  );
}
