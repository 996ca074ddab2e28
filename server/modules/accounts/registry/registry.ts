import type { RegistryCompany } from '../../../../types/accounts';

export type { RegistryCompany };

/**
 * A business registry answers who a company legally is: its registered name, unified social credit code, status
 * and address. The create form autocompletes from it, and a new account records what it says.
 */
export interface RegistryProvider {
  /** Companies whose name contains the text, or the one with this credit code; best matches first. */
  lookup(nameOrCode: string, limit?: number): Promise<RegistryCompany[]>;
}
