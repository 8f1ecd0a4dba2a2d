/**
 * Opus carried in RED (RFC 2198): each packet also carries the previous
 * frame, so a lost packet is rebuilt from the next one. Together with Opus'
 * in-band FEC (on in browsers' default SDP), the next packet also holds a
 * low-rate copy of the frame before, so two packets lost in a row can still
 * be played. It costs about one more audio stream (~30 kbit/s); the figures
 * that justify it are in docs/network.md. Browsers without RED keep Opus.
 */
export function preferRedundantAudio(pc: RTCPeerConnection): void {
  const caps =
    typeof RTCRtpReceiver.getCapabilities === 'function'
      ? RTCRtpReceiver.getCapabilities('audio')
      : null;
  const codecs = caps?.codecs ?? [];
  const red = codecs.filter((c) => c.mimeType.toLowerCase() === 'audio/red');
  if (!red.length) return;
  const rest = codecs.filter((c) => c.mimeType.toLowerCase() !== 'audio/red');
  for (const t of pc.getTransceivers()) {
    const kind = t.sender.track?.kind ?? t.receiver.track.kind;
    if (kind !== 'audio' || t.currentDirection === 'stopped') continue;
    try {
      t.setCodecPreferences([...red, ...rest]);
    } catch {
      // A browser that lists RED but refuses it here: Opus alone.
    }
  }
}
