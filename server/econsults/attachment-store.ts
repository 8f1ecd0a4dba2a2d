import { createHash, randomUUID } from 'node:crypto';
import type { AuditActor } from '../audit/audit-actor';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Consult } from '../consults/consult';
import type { Database } from '../db/database';
import { AppError, conflict, notFound } from '../errors';
import {
  type AttachmentType,
  MAX_ATTACHMENTS,
  safeFileName,
  sniffType,
} from './attachment-rules';
import type { UploadedFile } from './attachment-upload';
import { assertEconsult } from './econsult-service';

export interface AttachmentMeta {
  id: string;
  consultId: string;
  uploadedBy: string;
  fileName: string;
  mediaType: AttachmentType;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

const META = `id, consult_id AS "consultId", uploaded_by AS "uploadedBy",
  file_name AS "fileName", media_type AS "mediaType", size_bytes AS "sizeBytes",
  sha256, created_at AS "createdAt"`;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface AttachmentStoreDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
}

/**
 * eConsult attachments in the database (bytea; see docs/econsults.md for
 * why). The consult comes from the care reader. A file is checked whole
 * (empty, type by magic bytes) before anything is written; the count limit
 * is decided under the consult's row lock, in the transaction that writes
 * the file and its audit row, so two uploads at once cannot make a sixth.
 */
export class AttachmentStore {
  constructor(private readonly deps: AttachmentStoreDeps) {}

  async add(
    actor: AuditActor,
    c: Consult,
    file: UploadedFile,
  ): Promise<AttachmentMeta> {
    assertOpen(c);
    if (file.bytes.length === 0)
      throw new AppError(
        'invalid',
        'empty_file',
        'This file is empty (0 bytes). Choose the file again.',
      );
    const type = sniffType(file.bytes.subarray(0, 16));
    if (!type)
      throw new AppError(
        'unsupported_media',
        'unsupported_file_type',
        'Only PDF, PNG or JPEG files can be attached, and this file is none of them (whatever its name says).',
      );
    const id = randomUUID();
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ n: number }>(
        `SELECT (SELECT count(*)::int FROM econsult_attachments a WHERE a.consult_id = c.id) AS n
           FROM consults c WHERE c.id = $1 FOR UPDATE`,
        [c.id],
      );
      if ((rows[0]?.n ?? 0) >= MAX_ATTACHMENTS) throw tooMany();
      await tx.query(
        `INSERT INTO econsult_attachments (id, consult_id, uploaded_by, file_name, media_type, size_bytes, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          c.id,
          actor.userId,
          safeFileName(file.fileName, type),
          type,
          file.bytes.length,
          sha256(file.bytes),
          file.bytes,
          now,
        ],
      );
      await this.deps.audit.record(
        {
          ...actor,
          action: 'econsult.attachment_upload',
          patientId: c.patientId,
          resourceType: 'econsult_attachment',
          resourceId: id,
          details: {
            consultId: c.id,
            mediaType: type,
            sizeBytes: file.bytes.length,
          },
        },
        tx,
      );
    });
    return (await this.list(c)).find((a) => a.id === id)!;
  }

  /** Refuses early, before reading a body, when the consult is full or closed. */
  async assertRoom(c: Consult): Promise<void> {
    assertOpen(c);
    if ((await this.list(c)).length >= MAX_ATTACHMENTS) throw tooMany();
  }

  async list(c: Consult): Promise<AttachmentMeta[]> {
    const { rows } = await this.deps.db.query<AttachmentMeta>(
      `SELECT ${META} FROM econsult_attachments WHERE consult_id = $1 ORDER BY created_at, id`,
      [c.id],
    );
    return rows;
  }

  /** The file, its checksum verified; a mismatch sends nothing. */
  async content(
    c: Consult,
    attachmentId: string,
  ): Promise<{ meta: AttachmentMeta; bytes: Buffer }> {
    const { rows } = await this.deps.db.query<
      AttachmentMeta & { content: Uint8Array }
    >(
      `SELECT ${META}, content FROM econsult_attachments WHERE consult_id = $1 AND id = $2`,
      [c.id, attachmentId],
    );
    const row = rows[0];
    if (!row) throw notFound('The attachment');
    const { content, ...meta } = row;
    const bytes = Buffer.from(content);
    if (sha256(bytes) !== meta.sha256)
      throw new AppError(
        'internal',
        'attachment_corrupt',
        'This file no longer matches its checksum and was not sent.',
      );
    return { meta, bytes };
  }
}

const assertOpen = (c: Consult) => {
  assertEconsult(c);
  if (!['pooled', 'claimed', 'awaiting_pcp'].includes(c.status))
    throw conflict(
      'econsult_closed',
      'This eConsult is closed: files can no longer be attached.',
    );
};

const tooMany = () =>
  conflict(
    'too_many_attachments',
    `An eConsult can have at most ${MAX_ATTACHMENTS} attachments.`,
  );
