/**
 * What may be attached to an eConsult, as plain data and functions. The type
 * is decided by the file's first bytes, never by its name or declared type:
 * a `.pdf` that is an executable is refused.
 */
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg';

const SIGNATURES: readonly [AttachmentType, readonly number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The file's type from its magic bytes, or null when it is none we accept. */
export function sniffType(head: Uint8Array): AttachmentType | null {
  for (const [type, sig] of SIGNATURES)
    if (head.length >= sig.length && sig.every((b, i) => head[i] === b))
      return type;
  return null;
}

/** A file name safe to store and to put in Content-Disposition. */
export function safeFileName(name: string, type: AttachmentType): string {
  const ext = {
    'application/pdf': 'pdf',
    'image/png': 'png',
    'image/jpeg': 'jpg',
  }[type];
  const base = name
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 150)
    .trim();
  return base ? base : `attachment.${ext}`;
}
