package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileKindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "index.m3u8, PLAYLIST",
            "INDEX.M3U8, PLAYLIST",
            "a/b/index.m3u, PLAYLIST",
            "seg1.ts, TS_SEGMENT",
            "seg1.TS, TS_SEGMENT",
            "seg1.tsv, TS_SEGMENT",
            "seg1.tsa, TS_SEGMENT",
            "seg1.m2ts, TS_SEGMENT",
            "init.mp4, MP4_SEGMENT",
            "seg.m4s, MP4_SEGMENT",
            "seg.m4v, MP4_SEGMENT",
            "seg.m4a, MP4_SEGMENT",
            "seg.cmfv, MP4_SEGMENT",
            "seg.cmfa, MP4_SEGMENT",
            "seg.cmft, MP4_SEGMENT",
            "seg.fmp4, MP4_SEGMENT",
            "sub.vtt, WEBVTT",
            "sub.webvtt, WEBVTT",
            "audio.aac, PACKED_AUDIO",
            "audio.ac3, PACKED_AUDIO",
            "audio.ec3, PACKED_AUDIO",
            "audio.eac3, PACKED_AUDIO",
            "noextension, UNSUPPORTED",
            "dir.ts/noextension, UNSUPPORTED",
            "seg.ts.bak, UNSUPPORTED",
            "seg.mp3, UNSUPPORTED",
            "seg., UNSUPPORTED",
            "'', UNSUPPORTED",
            ".ts, TS_SEGMENT",
    })
    void kindFromTheName(String file, FileKind kind) {
        assertThat(FileKind.of(file)).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "index.m3u8, application/vnd.apple.mpegurl",
            "seg.ts, video/mp2t",
            "seg.m4s, video/mp4",
            "sub.vtt, text/vtt",
            "a.aac, audio/aac",
            "a.ac3, audio/ac3",
            "a.AC3, audio/ac3",
            "a.ec3, audio/eac3",
            "a.eac3, audio/eac3",
            "a.EAC3, audio/eac3",
            "x.bin, application/octet-stream",
    })
    void contentTypeFromTheName(String file, String type) {
        assertThat(FileKind.contentType(file)).isEqualTo(type);
    }
}
