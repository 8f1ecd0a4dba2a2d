/**
 * Files the PCP chose in the request form, handed to the consult page, which
 * uploads them once the consult exists (the server needs its id) and shows
 * each file's answer (415, 413, ...) next to the file.
 */
const pending = new Map<string, File[]>();

export function leaveUploads(consultId: string, files: File[]): void {
  if (files.length) pending.set(consultId, files);
}

/** The files left for this consult, handed out once. */
export function takeUploads(consultId: string): File[] {
  const files = pending.get(consultId) ?? [];
  pending.delete(consultId);
  return files;
}
