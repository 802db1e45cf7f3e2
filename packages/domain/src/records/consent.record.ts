/** A captured consent decision. Immutable: a revocation is a newer record, never an edit. */
export type ConsentType = 'telehealth' | 'recording' | 'ai_processing';
export type ConsentDecision = 'granted' | 'revoked';
export type ConsentCaptureMethod = 'portal' | 'verbal_attested' | 'paper' | 'imported';

export interface ConsentRecord {
  id: string;
  tenantId: string;
  patientId: string;
  type: ConsentType;
  decision: ConsentDecision;
  textVersion: string;
  capturedAt: Date;
  capturedBy: string;
  method: ConsentCaptureMethod;
}
