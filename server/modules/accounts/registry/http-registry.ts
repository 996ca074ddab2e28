import { isValidCreditCode } from '../../../../types/credit-code';
import type { CompanyStatus } from '../../../../types/accounts';
import type { RegistryProvider } from './registry';

/** The registry did not answer usefully (down, slow, key refused): the caller goes on without it. */
export class RegistryUnavailable extends Error {}

export interface HttpRegistryOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

/** Registration statuses as commercial registry APIs word them. */
const STATUS: Record<string, CompanyStatus> = { 存续: 'active', 在业: 'active', 开业: 'active', 吊销: 'revoked', 注销: 'cancelled' };

interface ApiCompany {
  name?: string;
  creditCode?: string;
  regStatus?: string;
  regAddress?: string;
  areaCode?: string;
}

/**
 * A commercial business-registry API, configured by base URL and key: `GET {base}/v1/companies?keyword=&limit=`
 * with `Authorization: APPCODE {key}`, answering `{ data: [{ name, creditCode, regStatus, regAddress, areaCode }] }`.
 * Rows missing a name or a valid credit code are dropped rather than trusted.
 */
export function createHttpRegistry({ baseUrl, apiKey, timeoutMs = 3000 }: HttpRegistryOptions): RegistryProvider {
  return {
    async lookup(nameOrCode, limit = 10) {
      const url = `${baseUrl.replace(/\/$/, '')}/v1/companies?keyword=${encodeURIComponent(nameOrCode.trim())}&limit=${limit}`;
      let response: Response;
      try {
        response = await fetch(url, { headers: { authorization: `APPCODE ${apiKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw new RegistryUnavailable(error instanceof Error ? error.message : String(error));
      }
      if (!response.ok) throw new RegistryUnavailable(`registry answered ${response.status}`);
      const body = (await response.json().catch(() => null)) as { data?: ApiCompany[] } | null;
      if (!body || !Array.isArray(body.data)) throw new RegistryUnavailable('registry answered no data');
      return body.data
        .filter((row): row is Required<Pick<ApiCompany, 'name' | 'creditCode'>> & ApiCompany => Boolean(row.name) && isValidCreditCode(String(row.creditCode ?? '')))
        .slice(0, limit)
        .map((row) => ({
          legalName: row.name,
          creditCode: row.creditCode,
          status: STATUS[row.regStatus ?? ''] ?? 'active',
          address: row.regAddress ?? '',
          division: /^\d{6}$/.test(row.areaCode ?? '') ? row.areaCode! : '',
        }));
    },
  };
}
