package dev.wharf.packager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisKeysTest {

    private static final ChannelKey CH = new ChannelKey("live", "news");

    @Test
    void layout() {
        assertThat(RedisKeys.file(CH, "in1", "seg1.ts")).isEqualTo("wharf:v1:{live/news}:in:in1:file:seg1.ts");
        assertThat(RedisKeys.meta(CH, "in1")).isEqualTo("wharf:v1:{live/news}:in:in1:meta");
        assertThat(RedisKeys.renditionState(CH, "in1", "v720")).isEqualTo("wharf:v1:{live/news}:in:in1:r:v720:state");
        assertThat(RedisKeys.timeline(CH, "in1", "v720")).isEqualTo("wharf:v1:{live/news}:in:in1:r:v720:tl");
        assertThat(RedisKeys.CHANGES_CHANNEL).isEqualTo("wharf:v1:changes");
    }

    @Test
    void componentsAreEscapedSoTheyCannotForgeKeysOrBreakTheHashTag() {
        assertThat(RedisKeys.file(CH, "a:file:b", "c")).isNotEqualTo(RedisKeys.file(CH, "a", "b:c"))
                .isEqualTo("wharf:v1:{live/news}:in:a%3Afile%3Ab:file:c");
        assertThat(RedisKeys.channelPrefix(new ChannelKey("n}s", "{x/y%"))).isEqualTo("wharf:v1:{n%7Ds/%7Bx%2Fy%25}");
        assertThat(RedisKeys.file(CH, "in", "é γ.ts")).endsWith(":file:é γ.ts");
        assertThat(RedisKeys.escape("a\nb")).isEqualTo("a%0Ab");
        for (String s : List.of("plain", "a:b/c{d}%e\n", "é中🎬", "%", "%%3A")) {
            assertThat(RedisKeys.unescape(RedisKeys.escape(s))).isEqualTo(s);
        }
    }

    @Test
    void allKeysOfAChannelShareOneClusterSlot() {
        for (ChannelKey ch : List.of(CH, new ChannelKey("weird}ns", "{ch}"), new ChannelKey("", ""))) {
            int slot = JedisClusterCRC16.getSlot(RedisKeys.meta(ch, "a"));
            assertThat(List.of(RedisKeys.file(ch, "x{y}", "f{1}"), RedisKeys.timeline(ch, "b", "v"),
                    RedisKeys.renditionState(ch, "c:d", "a}"))).allSatisfy(k -> assertThat(JedisClusterCRC16.getSlot(k)).isEqualTo(slot));
        }
        assertThat(JedisClusterCRC16.getSlot(RedisKeys.meta(CH, "a")))
                .isEqualTo(JedisClusterCRC16.getSlot("live/news"));
    }

    @Test
    void changeMessagesRoundTrip() {
        for (ChannelKey ch : List.of(CH, new ChannelKey("ns/x", "a:b{c}%"), new ChannelKey("é", "中"))) {
            assertThat(RedisKeys.parseChangeMessage(RedisKeys.changeMessage(ch))).contains(ch);
        }
        assertThat(RedisKeys.changeMessage(CH)).isEqualTo("live/news");
        assertThat(RedisKeys.parseChangeMessage("no-slash")).isEmpty();
        assertThat(RedisKeys.parseChangeMessage("a/b/c")).isEmpty();
        assertThat(RedisKeys.parseChangeMessage("a/%zz")).isEmpty();
    }
}
