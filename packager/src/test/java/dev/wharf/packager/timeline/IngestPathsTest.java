package dev.wharf.packager.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestPathsTest {

    @ParameterizedTest(name = "{1} from {0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            index.m3u8           | seg1.ts                                             | seg1.ts
            index.m3u8           | seg1.ts?token=abc&x=1                               | seg1.ts
            video/index.m3u8     | seg1.ts                                             | video/seg1.ts
            a/b/c/index.m3u8     | seg1.ts                                             | a/b/c/seg1.ts
            video/index.m3u8     | hd/seg1.ts                                          | video/hd/seg1.ts
            index.m3u8           | video/720p/seg1.ts                                  | video/720p/seg1.ts
            video/index.m3u8     | ./seg1.ts                                           | video/seg1.ts
            video/hd/index.m3u8  | ../sd/seg1.ts                                       | video/sd/seg1.ts
            video/index.m3u8     | ../seg1.ts                                          | seg1.ts
            video/index.m3u8     | a/./b/../seg1.ts                                    | video/a/seg1.ts
            video/index.m3u8     | http://origin:8081/in/v2/ns/ch/primary/seg1.ts      | seg1.ts
            video/index.m3u8     | https://origin/in/v2/ns/ch/primary/audio/seg1.aac   | audio/seg1.aac
            video/index.m3u8     | http://origin/in/v2/ns/ch/primary/a/b/seg1.ts?x=y   | a/b/seg1.ts
            video/index.m3u8     | /in/v2/ns/ch/primary/seg1.ts                        | seg1.ts
            video/index.m3u8     | /in/v2/ns/ch/primary/video/seg1.ts?t=1              | video/seg1.ts
            video/index.m3u8     | /elsewhere/seg1.ts                                  | seg1.ts
            video/index.m3u8     | http://cdn.example/live/x/seg1.ts                   | seg1.ts
            video/index.m3u8     | /in/v1/ns/ch/primary/seg1.ts                        | seg1.ts
            """)
    void resolves(String playlist, String uri, String expected) {
        assertThat(IngestPaths.resolve(playlist, uri)).isEqualTo(expected);
    }
}
