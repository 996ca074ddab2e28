import { readFileSync } from 'node:fs';
import { startWeChatEmulator, type EmulatedApp, type EmulatedUser, type WeChatEmulator } from './emulator';

/**
 * A standalone emulator for local demos:
 *
 *   npx tsx tests/fakes/wechat/cli.ts --port 4010 [--host 127.0.0.1] [--seed seed.json]
 *
 * seed.json (all optional): { "apps": [EmulatedApp], "users": [EmulatedUser], "follows": [[appId, userKey]],
 * "subscriptions": [[appId, userKey, templateId, times?]] }. Once running, the control API is also reachable over
 * HTTP: POST /__emulator/control {"op": "mintLoginCode", "args": ["wx...", "alice"]}; GET /__emulator/state.
 */
export interface EmulatorSeed {
  apps?: EmulatedApp[];
  users?: EmulatedUser[];
  follows?: [string, string][];
  subscriptions?: [string, string, string, number?][];
}

export function applySeed(emulator: WeChatEmulator, seed: EmulatorSeed): void {
  for (const app of seed.apps ?? []) emulator.registerApp(app);
  for (const user of seed.users ?? []) emulator.addUser(user);
  for (const [appId, userKey] of seed.follows ?? []) emulator.follow(appId, userKey);
  for (const [appId, userKey, templateId, times] of seed.subscriptions ?? []) emulator.grantSubscription(appId, userKey, templateId, times);
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

export async function main(argv: string[] = process.argv.slice(2), log: (line: string) => void = console.log): Promise<WeChatEmulator> {
  const portText = option(argv, 'port') ?? process.env.WECHAT_EMULATOR_PORT ?? '4010';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${portText}`);
  const emulator = await startWeChatEmulator({ port, host: option(argv, 'host') });
  const seedFile = option(argv, 'seed');
  if (seedFile) applySeed(emulator, JSON.parse(readFileSync(seedFile, 'utf8')) as EmulatorSeed);
  log(`WeChat emulator on ${emulator.baseUrl}`);
  return emulator;
}

if (require.main === module) {
  main()
    .then((emulator) => {
      const stop = () => {
        emulator.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
