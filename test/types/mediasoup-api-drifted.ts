// A deliberately wrong declaration: the conformance test proves its check
// catches a drift (a required field mediasoup does not have).
import type { types as real } from 'mediasoup';
import type * as ours from '../../server/media/mediasoup/mediasoup-api';

type Is<A, B> = [A] extends [B] ? true : false;
type Ok<T extends true> = T;
type Drifted = ours.IceParameters & { ufragVersion: number };

export type Check = Ok<Is<real.IceParameters, Drifted>>;
