package dev.wharf.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a player reads from a media playlist: shared by the packager's and the operator's end-to-end tests. */
public record MediaPlaylistView(long mediaSequence, List<String> uris, boolean endList, double totalSeconds, int discontinuities) {
    private static final Pattern SEQ = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");
    private static final Pattern INF = Pattern.compile("#EXTINF:([0-9.]+),");

    public static MediaPlaylistView parse(String text) {
        long seq = -1;
        List<String> uris = new ArrayList<>();
        double total = 0;
        int disc = 0;
        for (String line : text.split("\n")) {
            Matcher m = SEQ.matcher(line);
            if (m.matches()) {
                seq = Long.parseLong(m.group(1));
            }
            Matcher i = INF.matcher(line);
            if (i.matches()) {
                total += Double.parseDouble(i.group(1));
            }
            if (line.equals("#EXT-X-DISCONTINUITY")) {
                disc++;
            }
            if (!line.isEmpty() && !line.startsWith("#")) {
                uris.add(line);
            }
        }
        assertThat(text).startsWith("#EXTM3U\n");
        assertThat(seq).as("media sequence in\n%s", text).isGreaterThanOrEqualTo(0);
        return new MediaPlaylistView(seq, uris, text.contains("#EXT-X-ENDLIST"), total, disc);
    }
}
