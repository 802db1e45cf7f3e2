import {
  draftAsyncVisit,
  submitAsyncVisitDraft as submit,
  type NewAsyncVisitInput,
} from '../async-visit/async-visit.aggregate';
import type { IntakeAnswer } from '../async-visit/intake-answers.value';
import { DomainError } from '../errors/domain.errors';
import type { AttachmentStorePort } from '../ports/attachment-store.port';
import type { AsyncVisitRecord } from '../records/async-visit.record';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface SubmitAsyncVisitDeps extends CoreDeps {
  attachments: AttachmentStorePort;
}

/** A photo the patient uploaded before submitting, as the visit declares it. */
export interface AttachmentDeclaration {
  ref: string;
  /** Lowercase hex SHA-256 of the uploaded bytes. */
  sha256: string;
  contentType: string;
}

export type SubmitAsyncVisitCommand = Omit<
  NewAsyncVisitInput,
  'appointmentId' | 'providerId' | 'attachmentRefs' | 'answers'
> & {
  attachments: AttachmentDeclaration[];
  appointmentId?: string | null;
  providerId?: string | null;
  /** The intake answers; none when the patient was asked nothing. */
  answers?: readonly IntakeAnswer[];
};

/**
 * Persists content authored offline, once every declared attachment is in the store as declared. A replay with the
 * same clientMutationId returns the stored visit with created false (the API answers 200 instead of 201) and raises
 * no second event.
 */
export async function submitAsyncVisit(
  deps: SubmitAsyncVisitDeps,
  command: SubmitAsyncVisitCommand,
): Promise<{ visit: AsyncVisitRecord; created: boolean }> {
  // A replay (the common offline retry) answers from one read, without asking the attachment store again.
  const replayed = await deps.uow.read(command.tenantId, (scope) =>
    scope.asyncVisits.findByClientMutationId(command.clientMutationId),
  );
  if (replayed) return replayFor(command.patientId, replayed);
  const { attachments, ...content } = command;
  // Drafting validates the content (complaint, attachment count, answers) before the store is asked anything.
  const draft = draftAsyncVisit(
    deps.ids.next('avs'),
    {
      ...content,
      attachmentRefs: attachments.map((a) => a.ref),
      answers: command.answers ?? [],
      appointmentId: command.appointmentId ?? null,
      providerId: command.providerId ?? null,
    },
    deps.clock.now(),
  );
  await assertAttachmentsStored(deps.attachments, command.tenantId, attachments);
  return deps.uow.run(command.tenantId, async (scope) => {
    const { visit, events } = submit(draft, deps);
    // The unique (tenant, clientMutationId) decides between concurrent submissions; a loser gets the winner's row,
    // and the winner alone raised the event.
    const stored = await scope.asyncVisits.insertIfAbsent(visit);
    if (!stored.created) return replayFor(command.patientId, stored.visit);
    await scope.outbox.append(events);
    return stored;
  });
}

/** A replay answers the original visit, but never another patient's who happened on the same id. */
function replayFor(
  patientId: string,
  visit: AsyncVisitRecord,
): { visit: AsyncVisitRecord; created: false } {
  if (visit.patientId !== patientId) {
    throw new DomainError('VALIDATION_FAILED', 'This clientMutationId is already used', {
      field: 'clientMutationId',
    });
  }
  return { visit, created: false };
}

/** Every ref must be in the tenant's store with the declared checksum and type; the first that is not is named. */
async function assertAttachmentsStored(
  store: AttachmentStorePort,
  tenantId: string,
  declared: AttachmentDeclaration[],
): Promise<void> {
  const refs = new Set<string>();
  for (const [index, attachment] of declared.entries()) {
    const field = `attachments.${index}`;
    if (refs.has(attachment.ref)) {
      throw new DomainError('VALIDATION_FAILED', 'An attachment is declared twice', {
        field,
        attachmentRef: attachment.ref,
      });
    }
    refs.add(attachment.ref);
    const stored = await store.describe(tenantId, attachment.ref);
    if (!stored) {
      throw new DomainError('VALIDATION_FAILED', 'The attachment was not uploaded', {
        field,
        attachmentRef: attachment.ref,
      });
    }
    if (stored.sha256.toLowerCase() !== attachment.sha256.toLowerCase()) {
      throw new DomainError('VALIDATION_FAILED', 'The attachment differs from the one uploaded', {
        field: `${field}.sha256`,
        attachmentRef: attachment.ref,
      });
    }
    if (mediaType(stored.contentType) !== mediaType(attachment.contentType)) {
      throw new DomainError('VALIDATION_FAILED', 'The attachment has another content type', {
        field: `${field}.contentType`,
        attachmentRef: attachment.ref,
      });
    }
  }
}

function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
