/** Liveness: the process answers. No I/O, so a slow database never gets a healthy instance restarted. */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
