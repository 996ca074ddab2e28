/**
 * A business registry answers who a company legally is: its registered name, unified social credit code, status
 * and address. The create form autocompletes from it, and duplicate checks compare against what it says.
 */
export const COMPANY_STATUSES = ['active', 'revoked', 'cancelled'] as const;
export type CompanyStatus = (typeof COMPANY_STATUSES)[number];

export interface RegistryCompany {
  legalName: string;
  creditCode: string;
  status: CompanyStatus;
  address: string;
  /** The division code of the registering place (GB/T 2260). */
  division: string;
}

export interface RegistryProvider {
  /** Companies whose name contains the text, or the one with this credit code; best matches first. */
  lookup(nameOrCode: string, limit?: number): Promise<RegistryCompany[]>;
}
