package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.PackagerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The determinism checks the Redis end-to-end tests share: a second packager serves what the first one serves,
 * byte for byte, and so does a packager started after both stopped (nothing in its memory).
 */
final class ReplicaOutputs {
    /** Lists an output's URLs (relative to the folder it is given) from its manifests. */
    @FunctionalInterface
    interface Urls {
        List<String> of(String folder) throws Exception;
    }

    private ReplicaOutputs() {}

    /**
     * Every URL from B, then from A (B first: it packages from the store on its own), asserted equal and not empty.
     *
     * @return what was served, by URL (relative to the folders)
     */
    static Map<String, byte[]> sameOnBoth(String folderA, String folderB, List<String> urls) throws Exception {
        Map<String, byte[]> served = new LinkedHashMap<>();
        for (String rel : urls) {
            byte[] fromB = CmafLiveIT.getBytes(CmafLiveIT.resolve(folderB, rel)).body();
            byte[] fromA = CmafLiveIT.getBytes(CmafLiveIT.resolve(folderA, rel)).body();
            assertThat(fromB).as("%s from a second packager", rel).isNotEmpty().isEqualTo(fromA);
            served.put(rel, fromA);
        }
        return served;
    }

    /** A packager started on the same store lists the same URLs and serves the same bytes. */
    static void sameAfterRestart(PackagerConfig config, String path, Map<String, byte[]> served, Urls urls)
            throws Exception {
        try (Packager restarted = Packager.start(config)) {
            String folder = "http://127.0.0.1:" + restarted.playbackPort() + path;
            sameAfterRestart(folder, served, urls);
        }
    }

    /** As above, on a packager the caller started (to ask it something first). */
    static void sameAfterRestart(String folder, Map<String, byte[]> served, Urls urls) throws Exception {
        assertThat(urls.of(folder)).containsExactlyElementsOf(served.keySet());
        for (Map.Entry<String, byte[]> e : served.entrySet()) {
            assertThat(CmafLiveIT.getBytes(CmafLiveIT.resolve(folder, e.getKey())).body())
                    .as("%s after a restart", e.getKey()).isEqualTo(e.getValue());
        }
    }
}
