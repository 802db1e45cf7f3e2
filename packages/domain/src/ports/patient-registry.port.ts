/** The tenant's patient registry, as far as the virtual-care rules need it: who exists, whose account is whose. */
export interface PatientRef {
  id: string;
}

export interface PatientRegistry {
  findById(patientId: string): Promise<PatientRef | null>;
  /** The patient record linked to a signed-in user's account. */
  findByUserId(userId: string): Promise<PatientRef | null>;
}
