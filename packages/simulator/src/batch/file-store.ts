import type { WireFile } from './batch-types.js';

/** A file the simulated Files API holds. */
export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  data: Buffer;
  createdAtMs: number;
  expiresAtMs: number | undefined;
}

// OpenAI keeps batch input and output files for 30 days.
const BATCH_FILE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** The files of one simulator, by id, in upload order. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private sequence = 0;

  /** Stores a file; batch files get OpenAI's 30-day `expires_at`. */
  add(options: { filename: string; purpose: string; data: Buffer; nowMs: number }): StoredFile {
    const { filename, purpose, data, nowMs } = options;
    const batchFile = purpose === 'batch' || purpose === 'batch_output';
    const file: StoredFile = {
      id: `file-sim${++this.sequence}`,
      filename,
      purpose,
      data,
      createdAtMs: nowMs,
      expiresAtMs: batchFile ? nowMs + BATCH_FILE_LIFETIME_MS : undefined,
    };
    this.files.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  list(): StoredFile[] {
    return [...this.files.values()];
  }

  clear(): void {
    this.files.clear();
  }
}

/** The wire `File` object, with the fields OpenAI sends (`status` and `status_details` included). */
export function fileObject(file: StoredFile): WireFile {
  return {
    id: file.id,
    object: 'file',
    bytes: file.data.length,
    created_at: Math.floor(file.createdAtMs / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    expires_at: file.expiresAtMs === undefined ? null : Math.floor(file.expiresAtMs / 1000),
    status_details: null,
  };
}
