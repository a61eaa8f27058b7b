package dev.wharf.operator.inputs;

import java.util.List;

/**
 * A channel's input health as last read from one of its packager pods (the answer of
 * {@code GET /admin/channels/{namespace}/{name}}), judged against the channel's thresholds. The
 * cached value of the input polling event source: a new value (by {@code equals}) triggers a
 * reconcile, so it holds only what the status shows, never the ever-growing seconds since content.
 *
 * @param unavailable why the packager could not be asked (then the other fields are empty), or null
 */
public record InputHealth(String activeInput, long failovers, List<Input> inputs, String unavailable) {

    /**
     * @param lastContentMillis epoch millis of the input's last segment, -1 when it never delivered
     * @param healthy content within the health window (3 thresholds)
     * @param receiving content within the input-loss threshold
     */
    public record Input(String id, long lastContentMillis, boolean healthy, boolean receiving, boolean ended) {}

    public InputHealth {
        inputs = List.copyOf(inputs);
    }

    public static InputHealth unavailable(String why) {
        return new InputHealth(null, 0, List.of(), why);
    }

    public boolean available() {
        return unavailable == null;
    }

    public Input input(String id) {
        return inputs.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }
}
