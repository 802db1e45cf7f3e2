import { PageHeader } from '@virtual-care/ui';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AreaShell } from '../../../../../components/area-shell';
import { VerbalConsentForm } from '../../../../../components/consent/verbal-consent-form';
import { requireRole } from '../../../../../server/session';

export const metadata: Metadata = { title: 'Patient consent' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Record a patient's verbal consent (the clinician layout provides the tRPC client). */
export default async function PatientConsentPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireRole(['clinician'], '/clinician');
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return (
    <AreaShell session={session} current="/clinician">
      <PageHeader title="Patient consent">
        Read the consent text to the patient and record their answer.
      </PageHeader>
      <VerbalConsentForm patientId={id} />
    </AreaShell>
  );
}
