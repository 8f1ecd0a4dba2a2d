/**
 * The message channel between the server's main thread and the thread that
 * runs the embedded PGlite engine (pglite-engine.ts). Values cross by
 * structured clone, so the contract's Dates and parsed JSON arrive as they
 * were read.
 */
import type { MessagePort } from 'node:worker_threads';
import type { QueryResult } from './database';
import type { EngineProfile } from './pglite-statement-profile';

export interface EngineOptions {
  /** Files on disk; undefined keeps the cluster in memory. */
  dataDir?: string;
  /** A fresh cluster (a PGlite data-dir tarball) to start from. */
  template?: Uint8Array<ArrayBuffer>;
}

/** The engine thread's workerData. */
export interface EngineStart {
  pgliteEngine: EngineOptions;
  /** Requests come and replies go on this port; the thread's own says ready. */
  port: MessagePort;
}

/**
 * `tx` names the transaction a statement belongs to (the main thread numbers
 * them); `begin` marks its first statement, which opens it on the engine.
 */
export type EngineRequest =
  | {
      id: number;
      op: 'query';
      sql: string;
      params: unknown[];
      tx?: number;
      begin?: boolean;
    }
  | { id: number; op: 'exec'; sql: string; tx?: number; begin?: boolean }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'profile' }
  | { id: number; op: 'close' };

export type EngineReply =
  | {
      id: number;
      ok: true;
      result?: QueryResult<unknown> | EngineProfile | number;
    }
  | { id: number; ok: false; error: EngineError };

/** The thread is up and the cluster open (id 0). */
export interface EngineReady {
  ready: true;
}

/** An error's own fields (code, constraint, detail...) survive the crossing. */
export interface EngineError {
  message: string;
  fields: Record<string, unknown>;
}

/** PostgreSQL's error fields, the ones callers look at. */
const FIELDS = [
  'name',
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
] as const;

export function toEngineError(err: unknown): EngineError {
  if (!(err instanceof Error)) return { message: String(err), fields: {} };
  const source = err as Error & Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const f of FIELDS)
    if (source[f] !== undefined && typeof source[f] !== 'object')
      fields[f] = source[f];
  return { message: err.message, fields };
}

export function fromEngineError(e: EngineError): Error {
  const err = new Error(e.message);
  Object.assign(err, e.fields);
  return err;
}
