import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

// The `.encore-backup` container (README.md beside this file):
//
//   "ENCOREBK"                      8 bytes, the start magic
//   entry bytes, back to back       the SQLite image first, then each recording file
//   manifest                        UTF-8 JSON (BackupManifest), says where each entry is
//   manifest length                 4 bytes, unsigned big-endian
//   SHA-256 of the manifest         32 bytes
//   "ENCOREND"                      8 bytes, the end magic
//
// The manifest comes last so that the writer streams every entry once (gigabytes of recordings
// never go through memory) and hashes it on the way. Every byte is covered by a check: the
// magics, the manifest's own hash, each entry's hash and size. Node alone writes and reads it.

export const BACKUP_FORMAT = 'encore-studio/backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = '.encore-backup';

const START_MAGIC = Buffer.from('ENCOREBK', 'ascii');
const END_MAGIC = Buffer.from('ENCOREND', 'ascii');
const TRAILER_BYTES = 4 + 32 + END_MAGIC.length;
/** A manifest lists tables and files: a megabyte is far beyond any real one. */
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const BackupEntry = z.object({
  kind: z.enum(['database', 'recording']),
  /** 'encore.db', or the recording's path inside the workspace folder ('recordings/3/7.mp4'). */
  name: z.string().min(1).max(512),
  offset: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  sha256: Sha256,
});
export type BackupEntry = z.infer<typeof BackupEntry>;

export const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: z.number().int().nonnegative(),
  workspace: z.string(),
  /** The source workspace's folder, so that a restore can move recordings' paths to its own. */
  workspaceDir: z.string(),
  automatic: z.boolean(),
  includesRecordings: z.boolean(),
  /** Every table of the snapshot: row count and digest (storage/queries/table-digest.ts). */
  tables: z.array(
    z.object({ name: z.string(), rows: z.number().int().nonnegative(), sha256: Sha256 }),
  ),
  entries: z.array(BackupEntry),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/** A file that is not a backup this version can restore; the message says why, for a person. */
export class BackupFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'notBackup' | 'damaged' | 'newer',
  ) {
    super(message);
    this.name = 'BackupFileError';
  }
}

/** Writes a container: `add` streams entries in, `finish` appends the manifest and trailer. */
export class BackupWriter {
  readonly #out: WriteStream;
  #offset = START_MAGIC.length;
  readonly #entries: BackupEntry[] = [];

  private constructor(out: WriteStream) {
    this.#out = out;
  }

  static async create(file: string): Promise<BackupWriter> {
    const out = createWriteStream(file, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    const writer = new BackupWriter(out);
    await writer.#write(START_MAGIC);
    return writer;
  }

  /** Streams `size` bytes of `source` (a file that may still grow: only those are taken). */
  async add(
    entry: { kind: BackupEntry['kind']; name: string; source: string; size: number },
    options: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
  ): Promise<void> {
    const { copied, sha256 } = await copyHashed(
      { file: entry.source, start: 0, size: entry.size },
      this.#out,
      { ...options, end: false },
    );
    if (copied !== entry.size) {
      throw new Error(`${entry.name} shrank while it was copied (${String(copied)} bytes)`);
    }
    this.#entries.push({
      kind: entry.kind,
      name: entry.name,
      offset: this.#offset,
      size: copied,
      sha256,
    });
    this.#offset += copied;
  }

  async finish(manifest: Omit<BackupManifest, 'entries'>): Promise<void> {
    const json = Buffer.from(JSON.stringify({ ...manifest, entries: this.#entries }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    const digest = createHash('sha256').update(json).digest();
    await this.#write(Buffer.concat([json, length, digest, END_MAGIC]));
    await new Promise<void>((resolve, reject) => {
      this.#out.once('error', reject);
      this.#out.end(() => resolve());
    });
  }

  /** Closes the file after a failure (the caller deletes it). */
  async abandon(): Promise<void> {
    if (this.#out.closed) return;
    await new Promise<void>((resolve) => this.#out.destroy().once('close', () => resolve()));
  }

  #write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#out.write(bytes, (error) => (error ? reject(error) : resolve())),
    );
  }
}

/**
 * Reads and checks a container's manifest (never the entries): the magics, the manifest's hash,
 * its format and version, and that its entries lie inside the file back to back.
 */
export async function readManifest(
  file: string,
): Promise<{ manifest: BackupManifest; bytes: number }> {
  const size = (await stat(file)).size;
  const handle = await open(file, 'r');
  try {
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    const start = await read(0, START_MAGIC.length);
    if (!start.equals(START_MAGIC)) {
      throw new BackupFileError('this file is not an Encore Studio backup', 'notBackup');
    }
    if (size < START_MAGIC.length + TRAILER_BYTES) {
      throw new BackupFileError('this backup is incomplete: the file was cut short', 'damaged');
    }
    const trailer = await read(size - TRAILER_BYTES, TRAILER_BYTES);
    if (!trailer.subarray(36).equals(END_MAGIC)) {
      throw new BackupFileError(
        'this backup is incomplete or damaged: the file was cut short or changed at its end',
        'damaged',
      );
    }
    const length = trailer.readUInt32BE(0);
    const manifestAt = size - TRAILER_BYTES - length;
    if (length > MANIFEST_MAX_BYTES || manifestAt < START_MAGIC.length) {
      throw new BackupFileError(
        'this backup is damaged: its table of contents is unreadable',
        'damaged',
      );
    }
    const json = await read(manifestAt, length);
    if (!createHash('sha256').update(json).digest().equals(trailer.subarray(4, 36))) {
      throw new BackupFileError(
        'this backup is damaged: its table of contents does not match its checksum',
        'damaged',
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(json.toString('utf8'));
    } catch {
      throw new BackupFileError(
        'this backup is damaged: its table of contents is unreadable',
        'damaged',
      );
    }
    const head = z.object({ format: z.string(), formatVersion: z.number() }).safeParse(raw);
    if (!head.success || head.data.format !== BACKUP_FORMAT) {
      throw new BackupFileError('this file is not an Encore Studio backup', 'notBackup');
    }
    if (head.data.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new BackupFileError(
        `this backup was made by a newer Encore Studio (backup format ${String(head.data.formatVersion)}; this version reads up to ${String(BACKUP_FORMAT_VERSION)}). Update the app to restore it.`,
        'newer',
      );
    }
    const parsed = BackupManifest.safeParse(raw);
    if (!parsed.success) {
      throw new BackupFileError(
        'this backup is damaged: its table of contents is invalid',
        'damaged',
      );
    }
    let expected = START_MAGIC.length;
    for (const entry of parsed.data.entries) {
      if (entry.offset !== expected) {
        throw new BackupFileError('this backup is damaged: its entries do not line up', 'damaged');
      }
      expected += entry.size;
    }
    if (expected !== manifestAt) {
      throw new BackupFileError('this backup is damaged: its entries do not line up', 'damaged');
    }
    if (parsed.data.entries[0]?.kind !== 'database') {
      throw new BackupFileError('this backup is damaged: it holds no database', 'damaged');
    }
    return { manifest: parsed.data, bytes: size };
  } finally {
    await handle.close();
  }
}

/** Streams one entry out to `dest` (created, never overwritten) and checks its hash. */
export async function extractEntry(
  file: string,
  entry: BackupEntry,
  dest: string,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
): Promise<void> {
  const { copied, sha256 } = await copyHashed(
    { file, start: entry.offset, size: entry.size },
    createWriteStream(dest, { flags: 'wx' }),
    options,
  );
  if (copied !== entry.size || sha256 !== entry.sha256) {
    throw new BackupFileError(
      `this backup is damaged: ${entry.name} does not match its checksum`,
      'damaged',
    );
  }
}

/**
 * Streams `size` bytes of `file` from `start` into `into`, hashing them on the way: the one copy
 * loop of both the writer (entries in) and the reader (entries out). Returns what went through,
 * which the caller compares with what it expected.
 */
async function copyHashed(
  range: { file: string; start: number; size: number },
  into: NodeJS.WritableStream,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void; end?: boolean },
): Promise<{ copied: number; sha256: string }> {
  const hash = createHash('sha256');
  let copied = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      copied += chunk.length;
      options.onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  const input =
    range.size === 0
      ? Readable.from([])
      : createReadStream(range.file, { start: range.start, end: range.start + range.size - 1 });
  await pipeline(input, meter, into, {
    ...(options.end === false ? { end: false } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { copied, sha256: hash.digest('hex') };
}
