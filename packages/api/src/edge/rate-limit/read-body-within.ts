/**
 * The request's body as text, read chunk by chunk with a running count: null as soon as it passes `limit` bytes
 * (declared or sent), and the rest is never read (the stream is cancelled), so a chunked body without a
 * Content-Length cannot make us buffer more than the limit.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? '0') > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
