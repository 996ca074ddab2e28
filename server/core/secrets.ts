import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config';

/**
 * A secret from the environment when set (always in production, which config enforces); otherwise one generated
 * on first start and kept in DATA_DIR (git-ignored), so a developer's machine keeps working across restarts.
 */
function configuredOrDevelopment(value: string | undefined, config: Config, file: string, make: () => string): string {
  if (value) return value;
  const where = path.join(config.DATA_DIR, file);
  try {
    return readFileSync(where, 'utf8').trim();
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const secret = make();
    writeFileSync(where, secret, { mode: 0o600 });
    return secret;
  }
}

/** The access-token signing secret. */
export function jwtSecretFor(config: Config): string {
  return configuredOrDevelopment(config.JWT_SECRET, config, 'jwt-secret', () => randomBytes(48).toString('base64url'));
}

/** The key that seals secrets stored in the database (WeChat app secrets, AES keys): 32 bytes, base64. */
export function sealingKeyFor(config: Config): Buffer {
  return Buffer.from(configuredOrDevelopment(config.SEALING_KEY, config, 'sealing-key', () => randomBytes(32).toString('base64')), 'base64');
}

export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

/**
 * AES-256-GCM with a fresh IV per value: `v1.<iv>.<tag>.<ciphertext>` in base64url. A tampered value fails to
 * open instead of decrypting to garbage.
 */
export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('The sealing key must be 32 bytes (base64 of 32 random bytes)');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
