import { types as pgliteTypes } from '@electric-sql/pglite';

/**
 * One contract for the JS values both `Database` adapters hand back and
 * accept, so code written against one store runs unchanged on the other.
 * Left to their defaults, pg and PGlite disagree (PGlite gives `date` as a
 * Date at UTC midnight, pg gave a string; pg gives `interval` as an object,
 * PGlite as text; pg turns an object parameter into JSON, PGlite into
 * "[object Object]"). Both adapters install these parsers and run every
 * parameter through `toParam`; test/integration/database-type-contract
 * reads every column type of our migrations back through both.
 */

/** Type OIDs (pg_type.oid) the contract covers. */
export const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

type Parser = (text: string) => unknown;

const asText: Parser = (v) => v;
const asNumber: Parser = (v) => Number(v);

/**
 * PostgreSQL's timestamp text ('2026-12-03 08:00:00.123456+00') as a Date,
 * cut to milliseconds. Without an offset (timestamp) it is local time, as pg
 * reads it.
 */
export function parseTimestamp(v: string): Date | number {
  if (v === 'infinity') return Number.POSITIVE_INFINITY;
  if (v === '-infinity') return Number.NEGATIVE_INFINITY;
  const m =
    /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::?\d\d){0,2})?( BC)?$/.exec(
      v,
    );
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d, h, mi, s, frac, offset, bc] = m;
  let year = Number(y);
  if (bc) year = 1 - year;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const fields = [year, Number(mo) - 1, Number(d), Number(h), Number(mi)];
  const [fy, fmo, fd, fh, fmi] = fields as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (offset === undefined) {
    const local = new Date(fy, fmo, fd, fh, fmi, Number(s), ms);
    if (fy < 100) local.setFullYear(fy);
    return local;
  }
  const [oh, om = '0', os = '0'] = offset.slice(1).match(/\d\d/g) ?? [];
  const sign = offset[0] === '-' ? -1 : 1;
  const offsetMs =
    sign * ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  const utc = new Date(0);
  utc.setUTCFullYear(fy, fmo, fd);
  utc.setUTCHours(fh, fmi, Number(s), ms);
  return new Date(utc.getTime() - offsetMs);
}

/**
 * What each type reads as. Anything not listed (uuid, text, char, numeric,
 * interval, time) stays PostgreSQL's text: numeric keeps its exact digits,
 * and a `date` is its calendar day ('YYYY-MM-DD'), never an instant.
 */
export const SCALAR_PARSERS: Readonly<Record<number, Parser>> = {
  [OID.bool]: (v) => v === 't',
  [OID.int2]: asNumber,
  [OID.int4]: asNumber,
  // Counts and bigserial ids stay far below 2^53.
  [OID.int8]: asNumber,
  [OID.oid]: asNumber,
  [OID.float4]: asNumber,
  [OID.float8]: asNumber,
  [OID.json]: (v) => JSON.parse(v),
  [OID.jsonb]: (v) => JSON.parse(v),
  [OID.date]: asText,
  [OID.timestamp]: parseTimestamp,
  [OID.timestamptz]: parseTimestamp,
  [OID.text]: asText,
  [OID.varchar]: asText,
  [OID.bpchar]: asText,
  [OID.numeric]: asText,
  [OID.uuid]: asText,
  [OID.interval]: asText,
  [OID.time]: asText,
};

/** Array type OID -> element type OID, for the types above. */
export const ARRAY_ELEMENT: Readonly<Record<number, number>> = {
  1000: OID.bool,
  1005: OID.int2,
  1007: OID.int4,
  1016: OID.int8,
  1009: OID.text,
  1028: OID.oid,
  199: OID.json,
  1021: OID.float4,
  1022: OID.float8,
  1014: OID.bpchar,
  1015: OID.varchar,
  1182: OID.date,
  1183: OID.time,
  1115: OID.timestamp,
  1185: OID.timestamptz,
  1187: OID.interval,
  1231: OID.numeric,
  2951: OID.uuid,
  3807: OID.jsonb,
};

/** The contract's parser for a type, or undefined to keep the text. */
export function contractParser(oid: number): Parser | undefined {
  const scalar = SCALAR_PARSERS[oid];
  if (scalar) return scalar;
  const element = ARRAY_ELEMENT[oid];
  if (element === undefined) return undefined;
  const parseElement = SCALAR_PARSERS[element]!;
  return (v) => pgliteTypes.arrayParser(v, parseElement, oid);
}

function quoteElement(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return arrayLiteral(v);
  const text = String(toParam(v));
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(quoteElement).join(',')}}`;
}

/**
 * A query parameter as the text PostgreSQL receives, the way the pg driver
 * writes it: a Date as an instant, an array as an array literal, any other
 * object as JSON (so a jsonb array must be passed through JSON.stringify).
 */
export function toParam(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return arrayLiteral(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
