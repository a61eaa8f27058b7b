package dev.wharf.packager.delivery;

import static dev.wharf.packager.delivery.GroupSizePinsTest.append;
import static dev.wharf.packager.delivery.GroupSizePinsTest.packager;
import static dev.wharf.packager.delivery.GroupSizePinsTest.repeat;
import static dev.wharf.packager.delivery.GroupSizePinsTest.seen;
import static dev.wharf.packager.delivery.GroupSizePinsTest.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.store.RedisSegmentStore;
import dev.wharf.packager.store.RedisStoreConfig;
import dev.wharf.testing.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two packagers on one Redis agree on the group size after an input segment overran its target, though only one
 * of them had rendered before the overrun; and a third one, started after a new discontinuity run, too.
 */
class GroupSizePinsRedisIT {

    private static RedisSegmentStore connect(RedisServerProcess redis) {
        return new RedisSegmentStore(RedisStoreConfig.standalone(redis.url()).withTimeout(Duration.ofSeconds(2)));
    }

    @Test
    void packagersAgreeAfterAnOverrun() {
        try (RedisServerProcess redis = new RedisServerProcess();
             RedisSegmentStore a = connect(redis);
             RedisSegmentStore b = connect(redis);
             RedisSegmentStore c = connect(redis)) {
            Channel channel = GroupSizePinsTest.channel();
            HlsTsOutput first = packager(a);
            append(a, channel, false, repeat(12, 2_000_000));
            assertThat(window(first, channel).groupSize()).isEqualTo(3);

            append(a, channel, false, 2_600_000, 2_000_000, 2_000_000);
            HlsTsOutput second = packager(b); // first render after the overrun: would compute 2
            assertThat(seen(window(second, channel))).containsExactly("0@0x3/3", "1@3x3/3", "2@6x3/3", "3@9x3/3", "4@12x3/3");
            assertThat(seen(window(first, channel))).isEqualTo(seen(window(second, channel)));

            append(b, channel, true, repeat(6, 2_000_000));
            HlsTsOutput third = packager(c);
            assertThat(seen(window(third, channel))).containsExactly("5@15x2/1", "6@16x2/2", "7@18x2/2");
            assertThat(seen(window(first, channel))).isEqualTo(seen(window(third, channel)));
            assertThat(seen(window(second, channel))).isEqualTo(seen(window(third, channel)));
        }
    }
}
