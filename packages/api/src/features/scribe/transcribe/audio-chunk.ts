import { TRPCError } from '@trpc/server';
import { DomainError } from '@virtual-care/domain';
import { bytesWithin } from '../../../edge/bounded-body';

/** A few seconds of recorded speech is tens of KB; a minute of uncompressed WAV still fits. */
export const MAX_AUDIO_CHUNK_BYTES = 8 * 1024 * 1024;

const AUDIO_TYPE = /^audio\/[a-z0-9][a-z0-9.+-]{0,63}$/;

/** Room for a multipart body's boundaries and part headers around the audio. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/**
 * The audio chunk of a transcribe request, held in memory only: it is never written anywhere, not even to a
 * temporary file, and leaves this process only towards the AI gateway. Either the raw body with its audio/*
 * Content-Type, or multipart/form-data with the audio in a `file` part carrying its own audio/* type. Refused
 * before a byte is read when the type is neither (415) or the declared length is over the limit (413); a body
 * longer than declared or, without a Content-Length, longer than the limit is cut off at the limit (413).
 */
export async function readAudioChunk(
  headers: Headers,
  body: ReadableStream<Uint8Array> | null,
): Promise<{ audio: Uint8Array; mimeType: string }> {
  const contentType = headers.get('content-type') ?? '';
  const multipart = mediaTypeOf(contentType) === 'multipart/form-data';
  const mimeType = multipart ? null : audioType(contentType);
  const limit = MAX_AUDIO_CHUNK_BYTES + (multipart ? MULTIPART_OVERHEAD_BYTES : 0);
  const declared = headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  const bytes = body ? await bytesWithin(body, limit) : new Uint8Array();
  if (bytes === null) throw tooLarge();
  const chunk = mimeType === null ? await filePart(bytes, contentType) : { audio: bytes, mimeType };
  if (chunk.audio.byteLength > MAX_AUDIO_CHUNK_BYTES) throw tooLarge();
  if (chunk.audio.byteLength === 0)
    throw new DomainError('VALIDATION_FAILED', 'The audio chunk is empty', { field: 'body' });
  return chunk;
}

const mediaTypeOf = (header: string) => (header.split(';')[0] ?? '').trim().toLowerCase();

function audioType(header: string): string {
  const type = mediaTypeOf(header);
  if (!AUDIO_TYPE.test(type))
    throw new TRPCError({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message:
        'Send the audio chunk as the request body with its audio/* Content-Type, or as the multipart part `file`',
    });
  return type;
}

/** The `file` part of a multipart body already in memory (parsed there: nothing spills to disk). */
async function filePart(
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string,
): Promise<{ audio: Uint8Array; mimeType: string }> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'The multipart body cannot be read', {
      field: 'body',
    });
  }
  const file = form.get('file');
  if (!(file instanceof Blob))
    throw new DomainError('VALIDATION_FAILED', 'Send the audio in the part named `file`', {
      field: 'file',
    });
  return { mimeType: audioType(file.type), audio: new Uint8Array(await file.arrayBuffer()) };
}

function tooLarge(): TRPCError {
  return new TRPCError({
    code: 'PAYLOAD_TOO_LARGE',
    message: `An audio chunk may be at most ${MAX_AUDIO_CHUNK_BYTES} bytes; send shorter chunks`,
  });
}
