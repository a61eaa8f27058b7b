/**
 * HLS ingest playlists (RFC 8216): {@link dev.wharf.packager.hls.PlaylistParser} turns the master
 * and media playlists an encoder PUTs into the typed {@link dev.wharf.packager.hls.Playlist} model.
 *
 * <p>The model is read-only input for later stages. Manifests Wharf serves are rendered from the
 * timeline, never by editing the ingested text, so the parser keeps what a renderer may need
 * (unknown tags, cue tags, raw attribute lists) and types what the timeline depends on
 * (durations in microseconds, sequence numbers, program date-times, byte ranges).
 *
 * <p>Section numbers in this package's Javadoc refer to RFC 8216, "HTTP Live Streaming".
 */
package dev.wharf.packager.hls;
