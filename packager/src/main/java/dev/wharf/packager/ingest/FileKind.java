package dev.wharf.packager.ingest;

import java.util.Locale;

/** What an ingested file is, from its name; its bytes are then checked to be what the name says. */
public enum FileKind {
    PLAYLIST("application/vnd.apple.mpegurl"),
    TS_SEGMENT("video/mp2t"),
    MP4_SEGMENT("video/mp4"),
    WEBVTT("text/vtt"),
    PACKED_AUDIO("audio/aac"),
    UNSUPPORTED("application/octet-stream");

    private final String contentType;

    FileKind(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public static FileKind of(String file) {
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "m3u8", "m3u" -> PLAYLIST;
            case "ts", "tsv", "tsa", "m2ts" -> TS_SEGMENT;
            case "mp4", "m4s", "m4v", "m4a", "cmfv", "cmfa", "cmft", "fmp4" -> MP4_SEGMENT;
            case "vtt", "webvtt" -> WEBVTT;
            case "aac", "ac3", "ec3", "eac3" -> PACKED_AUDIO;
            default -> UNSUPPORTED;
        };
    }

    /** The content type served for a file of this name. */
    public static String contentType(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".ac3")) {
            return "audio/ac3";
        }
        if (f.endsWith(".ec3") || f.endsWith(".eac3")) {
            return "audio/eac3";
        }
        return of(file).contentType();
    }
}
