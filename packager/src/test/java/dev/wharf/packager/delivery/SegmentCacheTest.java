package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentCacheTest {

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void keepsWhatFitsAndCountsBytes() {
        SegmentCache c = new SegmentCache(1000);
        byte[] a = bytes(200, 1);
        c.put("a", a);
        c.put("b", bytes(250, 2));
        assertThat(c.get("a")).isSameAs(a);
        assertThat(c.get("b")).hasSize(250);
        assertThat(c.get("missing")).isNull();
        assertThat(c.sizeBytes()).isEqualTo(450);
    }

    @Test
    void evictsTheLeastRecentlyUsedWhenOverCapacity() {
        SegmentCache c = new SegmentCache(1000);
        c.put("a", bytes(250, 1));
        c.put("b", bytes(250, 2));
        c.put("c", bytes(250, 3));
        c.put("d", bytes(250, 4));
        assertThat(c.sizeBytes()).isEqualTo(1000);

        c.put("e", bytes(250, 5));

        assertThat(c.get("a")).isNull();
        assertThat(c.get("b")).isNotNull();
        assertThat(c.get("e")).isNotNull();
        assertThat(c.sizeBytes()).isEqualTo(1000);
    }

    @Test
    void aReadMakesAnEntryRecent() {
        SegmentCache c = new SegmentCache(1000);
        c.put("a", bytes(250, 1));
        c.put("b", bytes(250, 2));
        c.put("c", bytes(250, 3));
        c.put("d", bytes(250, 4));
        assertThat(c.get("a")).isNotNull(); // now b is the eldest

        c.put("e", bytes(250, 5));

        assertThat(c.get("a")).isNotNull();
        assertThat(c.get("b")).isNull();
        assertThat(c.get("c")).isNotNull();
    }

    @Test
    void evictsAsManyAsNeeded() {
        SegmentCache c = new SegmentCache(1000);
        for (int i = 0; i < 10; i++) {
            c.put("s" + i, bytes(100, i));
        }
        c.put("big", bytes(250, 9));
        assertThat(c.sizeBytes()).isEqualTo(950);
        assertThat(c.get("s0")).isNull();
        assertThat(c.get("s1")).isNull();
        assertThat(c.get("s2")).isNull();
        assertThat(c.get("s3")).isNotNull();
        assertThat(c.get("big")).isNotNull();
    }

    @Test
    void replacingAKeyReplacesItsBytesAndSize() {
        SegmentCache c = new SegmentCache(1000);
        c.put("a", bytes(100, 1));
        c.put("a", bytes(200, 2));
        assertThat(c.get("a")).hasSize(200).containsOnly((byte) 2);
        assertThat(c.sizeBytes()).isEqualTo(200);
    }

    @Test
    void objectsOverAQuarterOfTheCapacityAreNotCached() {
        SegmentCache c = new SegmentCache(1000);
        c.put("a", bytes(250, 1));
        c.put("b", bytes(250, 2));
        c.put("huge", bytes(251, 3));
        assertThat(c.get("huge")).isNull();
        assertThat(c.get("a")).isNotNull();
        assertThat(c.get("b")).isNotNull();
        assertThat(c.sizeBytes()).isEqualTo(500);
    }

    @Test
    void anOversizeReplacementDropsTheStaleBytes() {
        // an encoder restart re-uploads seg0.ts: the cache must never serve the earlier bytes
        SegmentCache c = new SegmentCache(1000);
        c.put("seg0.ts", bytes(200, 1));
        c.put("seg0.ts", bytes(400, 2));
        assertThat(c.get("seg0.ts")).isNull();
        assertThat(c.sizeBytes()).isZero();
    }

    @Test
    void emptyValuesAreCached() {
        SegmentCache c = new SegmentCache(1000);
        c.put("empty", new byte[0]);
        assertThat(c.get("empty")).isEmpty();
        assertThat(c.sizeBytes()).isZero();
    }

    @Test
    void zeroCapacityCachesOnlyEmptyValues() {
        SegmentCache c = new SegmentCache(0);
        c.put("a", bytes(1, 1));
        assertThat(c.get("a")).isNull();
        assertThat(c.sizeBytes()).isZero();
    }
}
