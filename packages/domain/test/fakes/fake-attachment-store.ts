import type {
  AttachmentDescription,
  AttachmentStorePort,
} from '../../src/ports/attachment-store.port';

/** Uploaded attachments as the store would describe them, keyed by tenant and ref. */
export class FakeAttachmentStore implements AttachmentStorePort {
  readonly stored = new Map<string, AttachmentDescription>();
  described = 0;

  add(tenantId: string, ref: string, description: AttachmentDescription): void {
    this.stored.set(`${tenantId}/${ref}`, description);
  }

  async describe(tenantId: string, ref: string): Promise<AttachmentDescription | null> {
    this.described += 1;
    return this.stored.get(`${tenantId}/${ref}`) ?? null;
  }
}
