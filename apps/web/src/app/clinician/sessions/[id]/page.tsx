import type { Metadata } from 'next';
import { AreaShell } from '../../../../components/area-shell';
import { VisitRoom } from '../../../../components/clinician/visit-room';
import { requireRole } from '../../../../server/session';

export const metadata: Metadata = { title: 'Visit room' };

export default async function VisitRoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireRole(['clinician'], `/clinician/sessions/${encodeURIComponent(id)}`);
  return (
    <AreaShell session={session} current="/clinician">
      <p>
        <a href="/clinician">← Back to the dashboard</a>
      </p>
      <VisitRoom sessionId={id} />
    </AreaShell>
  );
}
