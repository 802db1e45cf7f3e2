export interface LicencePort {
  isVirtualCareLicensed(tenantId: string): Promise<boolean>;
}
