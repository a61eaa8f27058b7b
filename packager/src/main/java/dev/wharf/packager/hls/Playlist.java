package dev.wharf.packager.hls;

/**
 * A parsed HLS playlist: either a master playlist (RFC 8216 section 4.3.4) or a media playlist
 * (sections 4.3.2 and 4.3.3). A playlist is never both (section 4.1).
 */
public sealed interface Playlist permits MasterPlaylist, MediaPlaylist {}
