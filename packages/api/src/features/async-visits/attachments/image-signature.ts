import { TRPCError } from '@trpc/server';

/** The photo types a phone produces and a clinician's browser (or the chart) can show; HEIC as iPhones save it. */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
] as const;

export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));
const startsWith = (bytes: Uint8Array, prefix: number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** Whether the first bytes are what the declared type says (its file signature). */
function looksLike(type: AttachmentContentType, head: Uint8Array): boolean {
  switch (type) {
    case 'image/jpeg':
      return startsWith(head, [0xff, 0xd8, 0xff]);
    case 'image/png':
      return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/webp':
      return head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP';
    case 'image/heic':
    case 'image/heif':
      return (
        head.length >= 12 && ascii(head, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(head, 8, 12))
      );
  }
}

export function notAnImage(): TRPCError {
  return new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: `Send a photo as one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}`,
  });
}

const HEAD_BYTES = 12;

/**
 * The body passed on unchanged once its first bytes match the declared type: a file renamed to .jpg is refused
 * (415) before the store keeps anything, and a clinician's browser is never handed something else as a photo.
 */
export async function* imageBody(
  type: AttachmentContentType,
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  let head = new Uint8Array(0);
  let checked = false;
  for await (const chunk of body) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < HEAD_BYTES) continue;
    if (!looksLike(type, head)) throw notAnImage();
    checked = true;
    yield head;
  }
  if (checked) return;
  if (!looksLike(type, head)) throw notAnImage();
  yield head;
}
