package dev.wharf.packager.demux.ts;

/**
 * One timed-metadata PES of an ID3 stream (stream_type 0x15, Apple "Timed Metadata for HTTP Live Streaming"):
 * the PES payload, normally one ID3v2 tag.
 *
 * @param pts  presentation time, 90 kHz, unwrapped on the same time line as the tracks' 90 kHz times; -1 if the
 *             PES had no PTS
 * @param data the PES payload bytes
 */
public record Id3Frame(long pts, byte[] data) {
}
