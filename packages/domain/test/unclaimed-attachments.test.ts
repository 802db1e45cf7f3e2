import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UNCLAIMED_ATTACHMENT_RETENTION_HOURS,
  unclaimedAttachmentCutoff,
  unclaimedAttachmentsToRemove,
} from '../src/async-visit/unclaimed-attachments.value';
import { submitAsyncVisit } from '../src/use-cases/submit-async-visit.use-case';
import { harness, PATIENT, TENANT } from './fakes/harness';

const HOUR = 3_600_000;
const WEEK = DEFAULT_UNCLAIMED_ATTACHMENT_RETENTION_HOURS;
const now = new Date('2026-12-07T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);

describe('photos no async visit names are removed after the retention', () => {
  it('an old photo named by a submitted visit stays; an old unnamed one goes; a young unnamed one stays', async () => {
    const h = harness();
    const named = { ref: 'att-named', sha256: 'ab'.repeat(32), contentType: 'image/jpeg' };
    h.attachments.add(TENANT, named.ref, { ...named, sizeBytes: 1200 });
    await submitAsyncVisit(h, {
      tenantId: TENANT,
      patientId: PATIENT,
      clientMutationId: 'cmid-1',
      chiefComplaint: 'rash on arm',
      attachments: [named],
    });
    const uploaded = [
      { attachmentRef: named.ref, uploadedAt: ago(WEEK + 24) },
      { attachmentRef: 'att-draft-deleted', uploadedAt: ago(WEEK + 1) },
      { attachmentRef: 'att-still-offline', uploadedAt: ago(WEEK - 1) },
    ];
    const claimed = await h.uow.read(TENANT, (scope) =>
      scope.asyncVisits.namedAttachmentRefs(uploaded.map((a) => a.attachmentRef)),
    );

    expect(
      unclaimedAttachmentsToRemove({
        uploaded,
        claimed: new Set(claimed),
        now,
        retentionHours: WEEK,
      }),
    ).toEqual(['att-draft-deleted']);
  });

  it('a photo exactly as old as the retention is kept until the next sweep', () => {
    expect(
      unclaimedAttachmentsToRemove({
        uploaded: [{ attachmentRef: 'att-1', uploadedAt: ago(24) }],
        claimed: new Set(),
        now,
        retentionHours: 24,
      }),
    ).toEqual([]);
    expect(unclaimedAttachmentCutoff(now, 24)).toEqual(ago(24));
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a retention of %s hours rather than remove every photo',
    (retentionHours) => {
      expect(() => unclaimedAttachmentCutoff(now, retentionHours)).toThrow(RangeError);
    },
  );
});
