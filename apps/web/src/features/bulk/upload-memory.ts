/**
 * The files this user has uploaded in this tab, to know the very same file again: same name, size and
 * content hash. The page says it was uploaded before (uploading it again stores none of it twice: the
 * server derives the same keys for its lines). Kept in the tab's page memory (sessionStorage, per user, forgotten on sign-out):
 * a file's name says something about its content, and it has no business outliving the session.
 */
import { readPageMemory, writePageMemory } from '../../lib/page-memory';

export interface UploadedFile {
  name: string;
  size: number;
  hash: string;
  /** When the upload started (ISO time). */
  at: string;
}

const MEMORY_KEY = 'bulk-uploads';
/** The most recent uploads remembered; older ones are forgotten. */
export const REMEMBERED_UPLOADS = 50;

const isUploadedFile = (v: unknown): v is UploadedFile => {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return typeof f.name === 'string' && typeof f.size === 'number' && typeof f.hash === 'string' && typeof f.at === 'string';
};
const isUploadList = (v: unknown): v is UploadedFile[] => Array.isArray(v) && v.every(isUploadedFile);

export function readUploads(owner: string): UploadedFile[] {
  return readPageMemory(MEMORY_KEY, owner, isUploadList) ?? [];
}

/** The earlier upload of the very same file, if any (the latest). */
export function findUpload(uploads: readonly UploadedFile[], file: Pick<UploadedFile, 'name' | 'size' | 'hash'>): UploadedFile | null {
  for (let i = uploads.length - 1; i >= 0; i -= 1) {
    const u = uploads[i]!;
    if (u.name === file.name && u.size === file.size && u.hash === file.hash) return u;
  }
  return null;
}

/** The list with this upload added last (an earlier entry of the same file dropped), bounded. */
export function withUpload(uploads: readonly UploadedFile[], file: UploadedFile): UploadedFile[] {
  const others = uploads.filter((u) => !(u.name === file.name && u.size === file.size && u.hash === file.hash));
  return [...others, file].slice(-REMEMBERED_UPLOADS);
}

export function rememberUpload(owner: string, file: UploadedFile): UploadedFile[] {
  const next = withUpload(readUploads(owner), file);
  writePageMemory(MEMORY_KEY, owner, JSON.stringify(next));
  return next;
}
