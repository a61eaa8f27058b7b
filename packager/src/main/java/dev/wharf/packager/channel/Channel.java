package dev.wharf.packager.channel;

import dev.wharf.packager.store.ChannelKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A channel at run time: its inputs, its endpoints and how long its content is kept. */
public record Channel(ChannelKey key, String description, List<Input> inputs, List<Endpoint> endpoints, Duration retention,
                      Duration inputLossThreshold) {

    /** A channel with the default input-loss threshold (1.5 target durations). */
    public Channel(ChannelKey key, String description, List<Input> inputs, List<Endpoint> endpoints, Duration retention) {
        this(key, description, inputs, endpoints, retention, null);
    }

    public Optional<Input> input(String id) {
        for (Input i : inputs) {
            if (i.id().equals(id)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public Optional<Endpoint> endpoint(String name) {
        for (Endpoint e : endpoints) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
