import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** A real MongoDB; when absent the embedded engine under DATA_DIR is started. */
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  /** `java` (mongo-java-server, built from engine/) or `memory-server` (mongodb-memory-server's real mongod). */
  EMBEDDED_ENGINE: z.enum(['java', 'memory-server']).default('java'),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only').default('channelpass'),
  /** Signs access tokens. Required in production; elsewhere a random one is kept under DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Seals secrets stored in the database (base64 of 32 random bytes). Required in production. */
  SEALING_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes (openssl rand -base64 32)')
    .optional(),
  /** Where browsers reach this server; WeChat's OAuth sends them back here. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /** WeChat's origins: the API, the authorize page, QR code images, the JSSDK script. Tests and demos point all three at the emulator. */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_OPEN_BASE: z.string().url().default('https://open.weixin.qq.com'),
  WECHAT_MP_BASE: z.string().url().default('https://mp.weixin.qq.com'),
  /** Where pages load WeChat's JSSDK script (jweixin) from. */
  WECHAT_RES_BASE: z.string().url().default('https://res.wx.qq.com'),
  /** `emulator`: start the WeChat emulator beside the server and bind it to the demo tenant (local demos only). */
  WECHAT_MODE: z.enum(['live', 'emulator']).default('live'),
  WECHAT_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** How long a call to WeChat may take before it counts as failed (and is retried). */
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** The WeChat outbox: tries before dead-lettering, retry delays (doubling from base to max), how long a send's claim holds. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
  OUTBOX_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  /** The business registry the account form looks companies up in: `local` (the shipped synthetic dataset) or `http` (a commercial API). */
  REGISTRY_PROVIDER: z.enum(['local', 'http']).default('local'),
  REGISTRY_BASE_URL: z.string().url().optional(),
  REGISTRY_API_KEY: z.string().min(1).optional(),
  REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** The built H5 client served at `/`; outside production `npm start` builds it when missing or stale. */
  CLIENT_DIST: z.string().min(1).default('./dist/h5'),
  /** Set to `false` to skip the demo data that an empty database gets at start. */
  SEED_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment once, at start-up, so a bad value fails fast with a readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const config = parsed.data;
  if (config.REGISTRY_PROVIDER === 'http') {
    const missing = (['REGISTRY_BASE_URL', 'REGISTRY_API_KEY'] as const).filter((name) => !config[name]);
    if (missing.length) throw new ConfigError(missing.map((name) => `${name}: required when REGISTRY_PROVIDER=http`));
  }
  if (config.NODE_ENV === 'production') {
    const missing = (['JWT_SECRET', 'SEALING_KEY'] as const).filter((name) => !config[name]);
    if (missing.length) throw new ConfigError(missing.map((name) => `${name}: required when NODE_ENV=production`));
    if (config.WECHAT_MODE === 'emulator') throw new ConfigError(['WECHAT_MODE: the emulator is for local demos, not production']);
  }
  return config;
}
