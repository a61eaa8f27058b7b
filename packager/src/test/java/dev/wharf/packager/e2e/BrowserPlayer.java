package dev.wharf.packager.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A player page in headless Chromium, driven by one of the Node scripts in {@code src/test/player/} (installed by
 * {@link CmafPlayerIT#installPlayer}): how the end-to-end tests start one and read what it found.
 */
final class BrowserPlayer {
    private BrowserPlayer() {}

    /**
     * The process running {@code script} with {@code args} in {@code playerDir}, on Debian's Chromium; its error output
     * goes with its output (callers may still redirect the output to a file).
     */
    static ProcessBuilder builder(Path node, Path chromium, Path playerDir, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(node.toString(), playerDir.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(playerDir.toFile()).redirectErrorStream(true);
        pb.environment().put("CHROMIUM", chromium.toString());
        return pb;
    }

    /** The JSON a player script prints on its {@code RESULT } line at the end of a run. */
    static JsonNode result(String output) throws JsonProcessingException {
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line in the player's output:\n" + output));
        return CmafPlayerIT.JSON.readTree(line.substring("RESULT ".length()));
    }
}
