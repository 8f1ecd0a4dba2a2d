/**
 * One reported number: how many (numerator), out of how many (denominator,
 * null for a plain count) and which records it counts (consult, patient,
 * practice, user or training ids), so every figure drills down.
 */
export interface Figure {
  numerator: number;
  denominator: number | null;
  ids: string[];
}

/**
 * A count out of `denominator` (null for a plain count); each id once, in
 * the order given. Callers give a deterministic order (consults by time):
 * sorting 50,000 ids per figure was most of a year's page time.
 */
export function figure(
  ids: Iterable<string>,
  denominator: number | null = null,
): Figure {
  const unique = [...new Set(ids)];
  return { numerator: unique.length, denominator, ids: unique };
}

/** As figure, for ids already unique (each consult once): no set to build. */
export function distinctFigure(
  ids: string[],
  denominator: number | null = null,
): Figure {
  return { numerator: ids.length, denominator, ids };
}

/** Ids grouped by key: one figure per key, each out of `denominator`. */
export function breakdown(
  pairs: Iterable<[key: string, id: string]>,
  denominator: number,
  keys: readonly string[] = [],
  /** Each id at most once per key (consults by type): skips de-duplication. */
  unique = false,
): Record<string, Figure> {
  const groups = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const [k, id] of pairs) {
    const g = groups.get(k);
    if (g) g.push(id);
    else groups.set(k, [id]);
  }
  const out: Record<string, Figure> = {};
  // The given keys in their order (age bands read young to old), then any others sorted.
  const extra = [...groups.keys()].filter((k) => !keys.includes(k)).sort();
  for (const k of [...keys, ...extra])
    out[k] = unique
      ? distinctFigure(groups.get(k)!, denominator)
      : figure(groups.get(k)!, denominator);
  return out;
}

/**
 * Nearest-rank percentile (the value at rank ceil(p/100 * n) of the sorted
 * values): always a value that occurred, so a hand count gives the same.
 */
export function percentile(
  sortedAsc: readonly number[],
  p: number,
): number | null {
  if (!sortedAsc.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAsc.length));
  return sortedAsc[rank - 1]!;
}

/** A figure found by its dotted path in a KPI page, for drill-down. */
export function figureAt(root: unknown, path: string): Figure | null {
  let node: unknown = root;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part))
      return null;
    node = (node as Record<string, unknown>)[part];
  }
  const f = node as Partial<Figure> | null;
  return f && Array.isArray(f.ids) && typeof f.numerator === 'number'
    ? (f as Figure)
    : null;
}

/** The page without ids (the drill-down fetches them): every figure's numbers. */
export function withoutIds<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (k, v) => (k === 'ids' ? undefined : v)),
  ) as T;
}
