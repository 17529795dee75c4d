import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where stream keys live: never in the workspace database, never in a log, never in an API
 * response. A seam so that the Electron shell can bring the OS keychain in.
 */
export interface SecretStore {
  get(ref: string): string | null;
  set(ref: string, value: string): void;
  delete(ref: string): void;
  /** What protects the stored values, for the UI and the logs. */
  readonly protection: SecretProtection;
}

/**
 * `os-encryption`: encrypted with a key the OS keeps for this user (Electron's safeStorage:
 * Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux), in a 0600 file.
 * `file-permissions`: plain text in a file only this OS user can read (0600): what plain Node can
 * do; it keeps keys out of the database file and its copies, not away from this user's processes.
 */
export type SecretProtection = 'os-encryption' | 'file-permissions';

/** The shape of Electron's `safeStorage`, which the shell passes in; nothing here imports it. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

interface SecretFile {
  version: 1;
  /** Values are base64 ciphertext (true) or plain text (false). */
  encrypted: boolean;
  values: Record<string, string>;
}

export const SECRET_FILE_NAME = 'secrets.json';

/**
 * A JSON file of secrets, created 0600 and replaced atomically (write, then rename). With a
 * cipher whose encryption is available, values are encrypted; a plain file is re-encrypted on the
 * next write. An encrypted file read without the cipher yields nothing (the keys must be typed
 * again), never garbage.
 */
export function createFileSecretStore(
  file: string,
  options: { cipher?: SecretCipher; onWarning?: (message: string) => void } = {},
): SecretStore {
  const cipher = options.cipher?.isEncryptionAvailable() ? options.cipher : null;
  let cache: Map<string, string> | null = null;

  const load = (): Map<string, string> => {
    if (cache) return cache;
    cache = new Map();
    if (!existsSync(file)) return cache;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SecretFile>;
      const values = parsed.values ?? {};
      if (parsed.encrypted === true && !cipher) {
        options.onWarning?.('stream keys were encrypted by the desktop app; type them again here');
        return cache;
      }
      for (const [ref, value] of Object.entries(values)) {
        if (typeof value !== 'string') continue;
        cache.set(
          ref,
          parsed.encrypted === true && cipher
            ? cipher.decryptString(Buffer.from(value, 'base64'))
            : value,
        );
      }
    } catch (error) {
      options.onWarning?.(`could not read the secret store: ${(error as Error).message}`);
    }
    return cache;
  };

  const save = (values: Map<string, string>): void => {
    const body: SecretFile = {
      version: 1,
      encrypted: cipher !== null,
      values: Object.fromEntries(
        [...values].map(([ref, value]) => [
          ref,
          cipher ? cipher.encryptString(value).toString('base64') : value,
        ]),
      ),
    };
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  };

  return {
    protection: cipher ? 'os-encryption' : 'file-permissions',
    get: (ref) => load().get(ref) ?? null,
    set(ref, value) {
      const values = new Map(load());
      values.set(ref, value);
      save(values);
      cache = values;
    },
    delete(ref) {
      const values = new Map(load());
      if (!values.delete(ref)) return;
      save(values);
      cache = values;
    },
  };
}
