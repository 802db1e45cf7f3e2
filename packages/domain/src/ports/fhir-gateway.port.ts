export interface CreateEncounterInput {
  tenantId: string;
  /**
   * Conditional create key (the session or async-visit id): calling twice with the same key returns the
   * same Encounter id, so retries never duplicate.
   */
  sourceId: string;
  source: 'virtual_session' | 'async_visit';
  patientId: string;
  appointmentId: string | null;
  practitionerIds: string[];
  periodStart: Date;
  periodEnd: Date;
}

export interface VisitNoteInput {
  tenantId: string;
  sessionId: string;
  patientId: string;
  encounterId: string | null;
  text: string;
  provenance: { aiGenerated: true; aiModel: string; aiAcceptedBy: string; aiAcceptedAt: Date };
}

/** patient-chart-service. Encounters have class VR. Throws on any failure; callers decide what survives. */
export interface FhirGatewayPort {
  /** Returns the Encounter id. */
  createEncounter(input: CreateEncounterInput): Promise<string>;
  /** Returns the chart note id. */
  createVisitNote(input: VisitNoteInput): Promise<string>;
}
