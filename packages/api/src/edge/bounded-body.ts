/**
 * A request body read chunk by chunk with a running count: null as soon as it passes `limit` bytes, and the rest
 * is never read (the stream is cancelled), so a chunked body without a Content-Length cannot make us buffer more
 * than the limit.
 */
export async function bytesWithin(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      received += next.value.byteLength;
      if (received > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(next.value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The request's body as text within `limit` bytes (declared or sent); null past it. */
export async function readBodyWithin(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? '0') > limit) return null;
  if (!request.body) return '';
  const bytes = await bytesWithin(request.body, limit);
  return bytes && new TextDecoder().decode(bytes);
}
