import { admitParticipant } from '../../src/use-cases/admit-participant.use-case';
import {
  createVirtualSession,
  type CreateVirtualSessionCommand,
} from '../../src/use-cases/create-virtual-session.use-case';
import { getJoinToken } from '../../src/use-cases/get-join-token.use-case';
import { joinSession } from '../../src/use-cases/join-session.use-case';
import { FakeAttachmentStore } from './fake-attachment-store';
import { FakeClock } from './fake-clock';
import { FixedRandom, SequentialIds } from './fake-ids';
import {
  FakeAi,
  FakeConsentCheck,
  FakeFhir,
  FakeLicence,
  FakeLinks,
  FakeMessaging,
  FakeSecrets,
  FakeSigner,
  FakeVideo,
  FakeVideoHealth,
} from './fake-ports';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

export const TENANT = 'tenant-a';
export const PATIENT = 'patient-1';
export const CLINICIAN = 'clinician-1';
/** The sign-in account linked to PATIENT. */
export const PATIENT_USER = 'patient-user-1';

/** Every port faked, shared by all use cases of one test. */
export function harness() {
  const clock = new FakeClock();
  const uow = new InMemoryUnitOfWork();
  uow.tables.patients.push({ id: PATIENT, tenantId: TENANT, userId: PATIENT_USER });
  // Other patients of the tenant, without a portal account (sessions are only created for known patients).
  for (const id of ['patient-2', 'patient-3'])
    uow.tables.patients.push({ id, tenantId: TENANT, userId: null });
  return {
    uow,
    clock,
    ids: new SequentialIds(),
    random: new FixedRandom(),
    licence: new FakeLicence(),
    consent: new FakeConsentCheck(),
    videoHealth: new FakeVideoHealth(),
    video: new FakeVideo(),
    fhir: new FakeFhir(),
    signer: new FakeSigner(),
    secrets: new FakeSecrets(),
    messaging: new FakeMessaging(),
    links: new FakeLinks(),
    ai: new FakeAi(),
    attachments: new FakeAttachmentStore(),
  };
}

export type Harness = ReturnType<typeof harness>;

export function createCommand(
  h: Harness,
  overrides: Partial<CreateVirtualSessionCommand> = {},
): CreateVirtualSessionCommand {
  const start = new Date(h.clock.now().getTime() + 5 * 60_000);
  return {
    tenantId: TENANT,
    nodeId: 'node-1',
    patientId: PATIENT,
    initiatorId: CLINICIAN,
    scheduledStart: start,
    scheduledEnd: new Date(start.getTime() + 30 * 60_000),
    ...overrides,
  };
}

/** A session with the provider in the room and the patient in the waiting room. */
export async function sessionWithWaitingPatient(h: Harness) {
  const created = await createVirtualSession(h, createCommand(h));
  const sessionId = created.session.id;
  const provider = created.participants.find((p) => p.role === 'provider');
  const patient = created.participants.find((p) => p.role === 'patient');
  if (!provider || !patient) throw new Error('participants missing');
  const providerToken = (
    await getJoinToken(h, { tenantId: TENANT, sessionId, participantId: provider.id })
  ).token;
  const patientToken = (
    await getJoinToken(h, { tenantId: TENANT, sessionId, participantId: patient.id })
  ).token;
  await joinSession(h, { token: providerToken });
  await joinSession(h, { token: patientToken });
  return { sessionId, provider, patient, providerToken, patientToken };
}

/** A session under way: the patient admitted by the provider. */
export async function activeSession(h: Harness) {
  const s = await sessionWithWaitingPatient(h);
  await admitParticipant(h, {
    tenantId: TENANT,
    sessionId: s.sessionId,
    participantId: s.patient.id,
    actorId: CLINICIAN,
  });
  return s;
}
