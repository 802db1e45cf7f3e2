export type ProbeStatus = 'ok' | 'unreachable' | 'not_configured';

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: { database: ProbeStatus; nats: ProbeStatus };
}

export interface ReadinessProbes {
  database: () => Promise<void>;
  /** null when NATS_URL is unset: the web app runs without it (live updates fall back to polling). */
  nats: (() => Promise<void>) | null;
  timeoutMs?: number;
}

async function probe(run: () => Promise<void>, timeoutMs: number): Promise<ProbeStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([run(), timeout]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness: can this instance serve traffic (database and NATS answer)? */
export async function checkReadiness(probes: ReadinessProbes): Promise<ReadinessReport> {
  const timeoutMs = probes.timeoutMs ?? 2000;
  const [database, nats] = await Promise.all([
    probe(probes.database, timeoutMs),
    probes.nats ? probe(probes.nats, timeoutMs) : Promise.resolve<ProbeStatus>('not_configured'),
  ]);
  const ready = database === 'ok' && nats !== 'unreachable';
  return { status: ready ? 'ready' : 'not_ready', checks: { database, nats } };
}
