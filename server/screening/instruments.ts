import { CRAFFT } from './crafft';
import { EPDS } from './epds';
import { GAD7 } from './gad7';
import type { Instrument } from './instrument';
import { PHQ9 } from './phq9';
import { PHQA } from './phqa';
import { PSC17 } from './psc17';
import { SCARED } from './scared';

/** Every instrument the server scores, by id. */
export type InstrumentRegistry = ReadonlyMap<string, Instrument>;

export function instrumentRegistry(
  instruments: readonly Instrument[],
): InstrumentRegistry {
  const byId = new Map<string, Instrument>();
  for (const instrument of instruments) {
    if (byId.has(instrument.id)) {
      throw new Error(`instrument id '${instrument.id}' is listed twice`);
    }
    byId.set(instrument.id, instrument);
  }
  return byId;
}

export const INSTRUMENTS: InstrumentRegistry = instrumentRegistry([
  PHQ9,
  PHQA,
  GAD7,
  PSC17,
  SCARED,
  EPDS,
  CRAFFT,
]);

export const instrumentIds = (
  registry: InstrumentRegistry = INSTRUMENTS,
): string[] => [...registry.keys()];

export const findInstrument = (
  id: string,
  registry: InstrumentRegistry = INSTRUMENTS,
): Instrument | undefined => registry.get(id);
