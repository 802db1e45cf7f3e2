import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The domain's metrics the session API observes as its procedures answer, defined once for every process that runs
 * them (the web app; the worker counts its own Encounter retries into the same series): each process counts what it
 * did, and Prometheus sums the processes (`sum(rate(...))`).
 */
export interface DomainMetrics {
  registry: Registry;
  /** From entering the waiting room to being admitted (the admit, in the web app). */
  timeToAdmitSeconds: Histogram<'role'>;
  /** Encounters the FHIR server refused for good: at the end of a visit (web app) or on a retry (worker). */
  encounterRejections: Counter;
}

export function createDomainMetrics(registry: Registry = new Registry()): DomainMetrics {
  const registers = [registry];
  return {
    registry,
    timeToAdmitSeconds: new Histogram({
      name: 'virtual_care_time_to_admit_seconds',
      help: 'Waiting-room entry to admission, by participant role',
      labelNames: ['role'],
      buckets: [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600],
      registers,
    }),
    encounterRejections: new Counter({
      name: 'virtual_care_encounter_rejections_total',
      help: 'Encounters the FHIR server refused for good (4xx other than 408/429); recorded on the session, not retried',
      registers,
    }),
  };
}
