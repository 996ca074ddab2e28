import { createHttpRegistry } from './http-registry';
import { createLocalRegistry } from './local-registry';
import type { RegistryProvider } from './registry';

export interface RegistrySettings {
  REGISTRY_PROVIDER: 'local' | 'http';
  REGISTRY_BASE_URL?: string;
  REGISTRY_API_KEY?: string;
  REGISTRY_TIMEOUT_MS?: number;
}

/** The configured registry: the shipped synthetic dataset, or a commercial API by base URL and key. */
export function createRegistry(settings: RegistrySettings): RegistryProvider {
  if (settings.REGISTRY_PROVIDER === 'http') {
    return createHttpRegistry({ baseUrl: settings.REGISTRY_BASE_URL!, apiKey: settings.REGISTRY_API_KEY!, timeoutMs: settings.REGISTRY_TIMEOUT_MS });
  }
  return createLocalRegistry();
}
