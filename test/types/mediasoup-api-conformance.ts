// Type-checked only by test/unit/mediasoup-api-conformance.test.ts, and only
// where the optional mediasoup package is installed (tsconfig.json excludes it).
// Each line fails to compile if our declaration drifts from the real package.
import type { types as real } from 'mediasoup';
import type * as ours from '../../server/media/mediasoup/mediasoup-api';

type Is<A, B> = [A] extends [B] ? true : false;
type Both<A, B> = Is<A, B> extends true ? Is<B, A> : false;
type Ok<T extends true> = T;

// Data we pass through in both directions must be the same shape.
export type Data = [
  Ok<Both<ours.RtpParameters, real.RtpParameters>>,
  Ok<Both<ours.RtpCapabilities, real.RtpCapabilities>>,
  Ok<Both<ours.RouterRtpCapabilities, real.RouterRtpCapabilities>>,
  Ok<Both<ours.RouterRtpCodecCapability, real.RouterRtpCodecCapability>>,
  Ok<Both<ours.IceParameters, real.IceParameters>>,
  Ok<Both<ours.IceCandidate, real.IceCandidate>>,
  Ok<Both<ours.DtlsParameters, real.DtlsParameters>>,
  Ok<Both<ours.WorkerLogLevel, real.WorkerLogLevel>>,
  // We only ever build listen infos; mediasoup must accept ours.
  Ok<Is<ours.TransportListenInfo, real.TransportListenInfo>>,
];

// What mediasoup hands us must fit what we declared we use.
export type Objects = [
  Ok<Is<typeof import('mediasoup'), ours.MediasoupModule>>,
  Ok<Is<real.Worker, ours.Worker>>,
  Ok<Is<real.Router, ours.Router>>,
  Ok<Is<real.WebRtcServer, ours.WebRtcServer>>,
  Ok<Is<real.WebRtcTransport, ours.WebRtcTransport>>,
  Ok<Is<real.Producer<{ a: string }>, ours.Producer<{ a: string }>>>,
  Ok<Is<real.Consumer<{ a: string }>, ours.Consumer<{ a: string }>>>,
  Ok<Is<real.ActiveSpeakerObserver, ours.ActiveSpeakerObserver>>,
];
