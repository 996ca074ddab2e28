import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/core/config';

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: './data', EMBEDDED_ENGINE: 'java', SEED_DEMO: true });
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'MONGODB_URI', 'PORT']);
      expect((error as Error).message).toMatch(/\.env\.example/);
    }
  });

  it('demands strong secrets, and both at all in production', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32/);
    expect(() => loadConfig({ SEALING_KEY: 'dG9vIHNob3J0' })).toThrow(/SEALING_KEY: must be base64 of exactly 32 bytes/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required when NODE_ENV=production[\s\S]*SEALING_KEY: required/);
    const sealingKey = Buffer.alloc(32, 3).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SEALING_KEY: sealingKey }).NODE_ENV).toBe('production');
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SEALING_KEY: sealingKey, WECHAT_MODE: 'emulator' })).toThrow(/WECHAT_MODE: the emulator is for local demos/);
  });

  it('asks for the base URL and key when a commercial registry is chosen', () => {
    expect(loadConfig({}).REGISTRY_PROVIDER).toBe('local');
    expect(() => loadConfig({ REGISTRY_PROVIDER: 'http' })).toThrow(/REGISTRY_BASE_URL: required when REGISTRY_PROVIDER=http[\s\S]*REGISTRY_API_KEY: required/);
    expect(loadConfig({ REGISTRY_PROVIDER: 'http', REGISTRY_BASE_URL: 'https://registry.example.com', REGISTRY_API_KEY: 'k' }).REGISTRY_PROVIDER).toBe('http');
  });

  it('stops the server at start-up with a readable message and no stack trace', () => {
    const root = path.resolve(__dirname, '../..');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', MONGODB_URI: '', NODE_ENV: 'development' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+- PORT:/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
