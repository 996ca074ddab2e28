import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with @node-rs/argon2's defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum.
 * The `argon2` package's prebuilt binary crashes on these machines; this one ships per-platform binaries.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

let decoy: Promise<string> | undefined;
/** Spends the same time as a real check when the account does not exist, so timing does not reveal accounts. */
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword('decoy-password-never-matches-1');
  await verify(await decoy, password);
}
