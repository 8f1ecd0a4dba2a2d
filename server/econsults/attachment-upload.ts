import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, badRequest } from '../errors';
import { MAX_ATTACHMENT_BYTES } from './attachment-rules';

export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

const incomplete = () =>
  badRequest(
    'upload_incomplete',
    'The upload ended before the whole file arrived. Please try again.',
  );

const tooLarge = () =>
  new AppError(
    'too_large',
    'file_too_large',
    'This file is larger than 10 MB. Attach a smaller file (or a few pages).',
  );

/**
 * Reads one file from a multipart/form-data request into memory (at most
 * 10 MB + 1 byte is ever held: busboy stops at the limit). A body that ends
 * before its closing boundary, a file over the limit, more than one file,
 * or no file at all is refused; nothing is stored before this resolves.
 */
export function readOneFile(req: Request): Promise<UploadedFile> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? ''))
    return Promise.reject(
      new AppError(
        'unsupported_media',
        'multipart_required',
        'Send the file as multipart/form-data, in a field named "file".',
      ),
    );
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      req.resume();
      reject(err);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // One byte over the limit is what tells "too large" from "exactly 10 MB".
        limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 5 },
      });
    } catch {
      fail(badRequest('bad_multipart', 'The upload is not valid multipart.'));
      return;
    }
    let file: UploadedFile | null = null;
    let extraFile = false;
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ATTACHMENT_BYTES) fail(tooLarge());
        else chunks.push(c);
      });
      stream.on('limit', () => fail(tooLarge()));
      // A body cut short ends the file stream with an error too.
      stream.on('error', () => fail(incomplete()));
      stream.on('close', () => {
        if (file) extraFile = true;
        else
          file = {
            fileName: info.filename ?? '',
            bytes: Buffer.concat(chunks),
          };
      });
    });
    parser.on('filesLimit', () => {
      extraFile = true;
    });
    parser.on('error', () => fail(incomplete()));
    parser.on('close', () => {
      if (settled) return;
      if (extraFile)
        return fail(
          badRequest('one_file_per_upload', 'Send one file per upload.'),
        );
      if (!file) return fail(badRequest('no_file', 'Choose a file to attach.'));
      settled = true;
      resolve(file);
    });
    req.on('aborted', () =>
      fail(badRequest('upload_incomplete', 'The upload was interrupted.')),
    );
    req.pipe(parser);
  });
}
