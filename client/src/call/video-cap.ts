/**
 * A cap on the video we send, for weak uplinks. With simulcast each layer
 * keeps its own lower limit; the cap only lowers limits, and lifting it gives
 * every layer back the limit it was published with.
 */
export interface LayerLimit {
  maxBitrate?: number;
}

/** Each layer's limit under the cap (undefined: no limit). Pure, so it is table-tested. */
export function cappedLimits(
  base: readonly LayerLimit[],
  capBps: number | undefined,
): (number | undefined)[] {
  return base.map((layer) =>
    capBps === undefined
      ? layer.maxBitrate
      : Math.min(layer.maxBitrate ?? Infinity, capBps),
  );
}

/** The limits a sender was published with, remembered so a lifted cap restores them. */
const published = new WeakMap<RTCRtpSender, LayerLimit[]>();

/**
 * Applies the cap to a negotiated sender, without renegotiating. Encodings
 * exist only once the sender is negotiated: before that this does nothing,
 * so call it again after each local description.
 */
export async function capVideoSender(
  sender: RTCRtpSender,
  capBps: number | undefined,
  /** Low video on a weak link (./link-adaptation.ts): smaller, slower. */
  shape: { scaleDown?: number; maxFramerate?: number } = {},
): Promise<void> {
  const params = sender.getParameters();
  if (!params.encodings?.length) return;
  let base = published.get(sender);
  if (!base)
    published.set(
      sender,
      (base = params.encodings.map((e) => ({ maxBitrate: e.maxBitrate }))),
    );
  const limits = cappedLimits(base, capBps);
  let changed = false;
  params.encodings.forEach((e, i) => {
    const limit = limits[i];
    // Simulcast layers keep their own scaling; one encoding takes the link's.
    if (params.encodings.length === 1) {
      const scale = shape.scaleDown ?? 1;
      if ((e.scaleResolutionDownBy ?? 1) !== scale) {
        changed = true;
        e.scaleResolutionDownBy = scale;
      }
      if (e.maxFramerate !== shape.maxFramerate) {
        changed = true;
        if (shape.maxFramerate === undefined) delete e.maxFramerate;
        else e.maxFramerate = shape.maxFramerate;
      }
    }
    if (e.maxBitrate === limit) return;
    changed = true;
    if (limit === undefined) delete e.maxBitrate;
    else e.maxBitrate = limit;
  });
  if (changed) await sender.setParameters(params);
}
