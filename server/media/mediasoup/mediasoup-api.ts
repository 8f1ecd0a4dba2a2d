/**
 * The part of mediasoup's API this server uses, declared here so the build
 * never needs the package: mediasoup is an optional dependency whose install
 * compiles a C++ worker, and where that cannot happen npm drops it entirely.
 * `loadMediasoup()` (mediasoup-loader.ts) imports the real package at run time
 * and hands it out under this declaration.
 *
 * test/unit/mediasoup-api-conformance.test.ts type-checks this file against
 * the real package's types (both directions for data, the real objects against
 * these interfaces) whenever the package is installed, so the two cannot drift.
 * Functions are declared as properties, not methods, so that check compares
 * their parameters strictly.
 */

export type MediaKind = 'audio' | 'video';
export type AppData = { [key: string]: unknown };
export type WorkerLogLevel = 'debug' | 'warn' | 'error' | 'none';
export type TransportProtocol = 'udp' | 'tcp';

// ---- data exchanged with browsers (opaque to us, passed through) ----

export type RtcpFeedback = { type: string; parameter?: string };

export type RtpCodecCapability = {
  kind: MediaKind;
  mimeType: string;
  preferredPayloadType: number;
  clockRate: number;
  channels?: number;
  parameters?: Record<string, unknown>;
  rtcpFeedback?: RtcpFeedback[];
};

export type RouterRtpCodecCapability = Omit<
  RtpCodecCapability,
  'preferredPayloadType'
> & { preferredPayloadType?: number };

export type RtpHeaderExtensionUri =
  | 'urn:ietf:params:rtp-hdrext:sdes:mid'
  | 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id'
  | 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id'
  | 'urn:ietf:params:rtp-hdrext:ssrc-audio-level'
  | 'urn:3gpp:video-orientation'
  | 'urn:ietf:params:rtp-hdrext:toffset'
  | 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay'
  | 'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension';

export type RtpHeaderExtension = {
  kind: MediaKind;
  uri: RtpHeaderExtensionUri;
  preferredId: number;
  preferredEncrypt?: boolean;
  direction?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
};

export type RtpCapabilities = {
  codecs?: RtpCodecCapability[];
  headerExtensions?: RtpHeaderExtension[];
};

export type RouterRtpCapabilities = Omit<RtpCapabilities, 'codecs'> & {
  codecs?: RouterRtpCodecCapability[];
};

export type RtpParameters = {
  mid?: string;
  codecs: {
    mimeType: string;
    payloadType: number;
    clockRate: number;
    channels?: number;
    parameters?: Record<string, unknown>;
    rtcpFeedback?: RtcpFeedback[];
  }[];
  headerExtensions?: {
    uri: RtpHeaderExtensionUri;
    id: number;
    encrypt?: boolean;
    parameters?: Record<string, unknown>;
  }[];
  encodings?: {
    ssrc?: number;
    rid?: string;
    codecPayloadType?: number;
    rtx?: { ssrc: number };
    dtx?: boolean;
    scalabilityMode?: string;
    maxBitrate?: number;
  }[];
  rtcp?: { cname?: string; reducedSize?: boolean };
};

export type IceParameters = {
  usernameFragment: string;
  password: string;
  iceLite?: boolean;
};

export type IceCandidate = {
  foundation: string;
  priority: number;
  ip: string;
  address: string;
  protocol: TransportProtocol;
  port: number;
  type: 'host';
  tcpType?: 'passive';
};

export type DtlsParameters = {
  role?: 'auto' | 'client' | 'server';
  fingerprints: {
    algorithm: 'sha-1' | 'sha-224' | 'sha-256' | 'sha-384' | 'sha-512';
    value: string;
  }[];
};

export type TransportListenInfo = {
  protocol: TransportProtocol;
  ip: string;
  announcedAddress?: string;
  port?: number;
};

// ---- objects that live in the worker ----

/** Something with an observer that says when it closes. */
export interface Observed {
  readonly observer: {
    once: (event: 'close', listener: () => void) => unknown;
  };
}

export interface Producer<P extends AppData = AppData> extends Observed {
  readonly id: string;
  readonly kind: MediaKind;
  readonly paused: boolean;
  readonly appData: P;
  close: () => void;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
}

export interface Consumer<C extends AppData = AppData> extends Observed {
  readonly id: string;
  readonly kind: MediaKind;
  readonly type: 'simple' | 'simulcast' | 'svc' | 'pipe';
  readonly rtpParameters: RtpParameters;
  readonly producerPaused: boolean;
  close: () => void;
  resume: () => Promise<void>;
  setPreferredLayers: (layers: {
    spatialLayer: number;
    temporalLayer?: number;
  }) => Promise<void>;
  on(
    event: 'producerclose' | 'producerpause' | 'producerresume',
    listener: () => void,
  ): unknown;
}

export interface WebRtcTransport extends Observed {
  readonly id: string;
  readonly appData: AppData;
  readonly iceParameters: IceParameters;
  readonly iceCandidates: IceCandidate[];
  readonly dtlsParameters: DtlsParameters;
  readonly iceState:
    | 'new'
    | 'connected'
    | 'completed'
    | 'disconnected'
    | 'closed';
  readonly dtlsState: 'new' | 'connecting' | 'connected' | 'failed' | 'closed';
  close: () => void;
  connect: (o: { dtlsParameters: DtlsParameters }) => Promise<void>;
  restartIce: () => Promise<IceParameters>;
  produce<P extends AppData = AppData>(o: {
    kind: MediaKind;
    rtpParameters: RtpParameters;
    paused?: boolean;
    appData?: P;
  }): Promise<Producer<P>>;
  consume<C extends AppData = AppData>(o: {
    producerId: string;
    rtpCapabilities: RtpCapabilities;
    paused?: boolean;
    appData?: C;
  }): Promise<Consumer<C>>;
  on(
    event: 'icestatechange' | 'dtlsstatechange',
    listener: () => void,
  ): unknown;
}

/** A transport as the router's observer announces it (only its media is counted). */
export interface ObservedTransport {
  readonly observer: {
    on(
      event: 'newproducer' | 'newconsumer',
      listener: (o: Observed) => void,
    ): unknown;
  };
}

export interface ActiveSpeakerObserver {
  addProducer: (o: { producerId: string }) => Promise<void>;
  on(
    event: 'dominantspeaker',
    listener: (e: { producer: Producer }) => void,
  ): unknown;
}

/** Opaque to us: created on a worker, handed to the transports of its routers. */
export interface WebRtcServer {
  readonly id: string;
}

export interface Router {
  readonly rtpCapabilities: RouterRtpCapabilities;
  readonly closed: boolean;
  readonly observer: {
    once(event: 'close', listener: () => void): unknown;
    on(
      event: 'newtransport',
      listener: (t: ObservedTransport) => void,
    ): unknown;
  };
  close: () => void;
  // A method (compared loosely): the server handle goes back to mediasoup as
  // it came from createWebRtcServer, and we declare nothing of its insides.
  createWebRtcTransport(
    o: (
      | { webRtcServer: WebRtcServer }
      | { listenInfos: TransportListenInfo[] }
      | { listenIps: (string | { ip: string })[]; port?: number }
    ) & {
      enableUdp?: boolean;
      enableTcp?: boolean;
      preferUdp?: boolean;
      initialAvailableOutgoingBitrate?: number;
      appData?: AppData;
    },
  ): Promise<WebRtcTransport>;
  canConsume: (o: {
    producerId: string;
    rtpCapabilities: RtpCapabilities;
  }) => boolean;
  createActiveSpeakerObserver: (o: {
    interval?: number;
  }) => Promise<ActiveSpeakerObserver>;
  once(event: 'workerclose', listener: () => void): unknown;
}

export interface Worker {
  readonly pid: number;
  close: () => void;
  createRouter: (o: {
    mediaCodecs?: RouterRtpCodecCapability[];
    appData?: AppData;
  }) => Promise<Router>;
  createWebRtcServer: (o: {
    listenInfos: TransportListenInfo[];
  }) => Promise<WebRtcServer>;
  once(event: 'died', listener: (error: Error) => void): unknown;
}

/** The package's entry point, as far as we use it. */
export interface MediasoupModule {
  createWorker: (settings: {
    logLevel?: WorkerLogLevel;
    rtcMinPort?: number;
    rtcMaxPort?: number;
    appData?: AppData;
  }) => Promise<Worker>;
}
