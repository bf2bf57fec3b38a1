import 'server-only';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What each derived key is for; one secret, one key per purpose. */
export type KeyPurpose = 'session' | 'confirm' | 'record';

interface KeyState {
  secret: Buffer;
  /** `env`, `file` or `generated` (then confirmations and record signatures do not survive a restart). */
  origin: 'env' | 'file' | 'generated';
  derived: Map<KeyPurpose, Buffer>;
}

/**
 * The server secret: MESH_MIGRATOR_SECRET (32+ characters) or the file MESH_MIGRATOR_SECRET_FILE
 * (e.g. a mounted Secret), so that replicas share it; generated at start otherwise.
 */
export function loadSecret(env: Record<string, string | undefined>): Pick<KeyState, 'secret' | 'origin'> {
  const fromEnv = env.MESH_MIGRATOR_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('MESH_MIGRATOR_SECRET must be at least 32 characters');
    return { secret: Buffer.from(fromEnv, 'utf8'), origin: 'env' };
  }
  const file = env.MESH_MIGRATOR_SECRET_FILE?.trim();
  if (file) {
    const text = readFileSync(file, 'utf8').trim();
    if (text.length < 32) throw new Error(`${file} must hold at least 32 characters`);
    return { secret: Buffer.from(text, 'utf8'), origin: 'file' };
  }
  return { secret: randomBytes(32), origin: 'generated' };
}

const g = globalThis as typeof globalThis & { __meshMigratorKeys?: KeyState };

function state(): KeyState {
  g.__meshMigratorKeys ??= { ...loadSecret(process.env), derived: new Map() };
  return g.__meshMigratorKeys;
}

/** A 32-byte key for one purpose, derived from the server secret with HKDF-SHA256. */
export function keyFor(purpose: KeyPurpose): Buffer {
  const s = state();
  let k = s.derived.get(purpose);
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', s.secret, Buffer.alloc(0), `mesh-migrator ${purpose} v1`, 32));
    s.derived.set(purpose, k);
  }
  return k;
}

export function secretOrigin(): KeyState['origin'] {
  return state().origin;
}

/** HMAC-SHA256 of `data` with the purpose's key, base64url. */
export function hmac(purpose: KeyPurpose, data: string): string {
  return createHmac('sha256', keyFor(purpose)).update(data).digest('base64url');
}
