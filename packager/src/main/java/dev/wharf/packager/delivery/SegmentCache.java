package dev.wharf.packager.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent segment bytes kept in this process, bounded by total bytes (least recently used out
 * first): the newest segments, which every player asks for, are served without a store round trip.
 */
public final class SegmentCache {
    private final long capacityBytes;
    private long sizeBytes;
    private final LinkedHashMap<String, byte[]> map = new LinkedHashMap<>(256, 0.75f, true);

    public SegmentCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    public synchronized byte[] get(String key) {
        return map.get(key);
    }

    public synchronized void put(String key, byte[] value) {
        if (value.length > capacityBytes / 4) {
            // one huge object must not flush everything else; the bytes it replaces are stale
            byte[] stale = map.remove(key);
            if (stale != null) {
                sizeBytes -= stale.length;
            }
            return;
        }
        byte[] old = map.put(key, value);
        if (old != null) {
            sizeBytes -= old.length;
        }
        sizeBytes += value.length;
        var it = map.entrySet().iterator();
        while (sizeBytes > capacityBytes && it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            sizeBytes -= e.getValue().length;
            it.remove();
        }
    }

    public synchronized long sizeBytes() {
        return sizeBytes;
    }
}
