import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalRegistry } from '../../../server/modules/accounts/registry/local-registry';
import type { CompanyStatus } from '../../../types/accounts';

const WORDS: Record<CompanyStatus, string> = { active: '存续', revoked: '吊销', cancelled: '注销' };

export interface FakeRegistry {
  baseUrl: string;
  apiKey: string;
  /** How many lookups it answered. */
  calls: number;
  /** The next answer is this status (500, 429…) instead of data. */
  failNext(status: number): void;
  /** The next answer comes this late. */
  delayNext(ms: number): void;
  close(): Promise<void>;
}

/**
 * A commercial registry API's stand-in, as a real HTTP server over the shipped synthetic dataset: the same URL,
 * key header and answer shape the HTTP provider expects, with injectable failures and delays.
 */
export async function startFakeRegistry(apiKey = 'fake-appcode'): Promise<FakeRegistry> {
  const registry = createLocalRegistry();
  let failure: number | null = null;
  let delay = 0;
  const fake = { calls: 0 } as FakeRegistry;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/v1/companies') return send(404, { message: 'not found' });
    if (req.headers.authorization !== `APPCODE ${apiKey}`) return send(401, { message: 'invalid appcode' });
    fake.calls += 1;
    const wait = delay;
    delay = 0;
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
    if (failure) {
      const status = failure;
      failure = null;
      return send(status, { message: 'injected failure' });
    }
    const hits = await registry.lookup(url.searchParams.get('keyword') ?? '', Number(url.searchParams.get('limit') ?? 10));
    send(200, { data: hits.map((c) => ({ name: c.legalName, creditCode: c.creditCode, regStatus: WORDS[c.status], regAddress: c.address, areaCode: c.division })) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    failNext: (status: number) => void (failure = status),
    delayNext: (ms: number) => void (delay = ms),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
