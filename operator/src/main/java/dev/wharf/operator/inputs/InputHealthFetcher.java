package dev.wharf.operator.inputs;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetcher of the per-channel polling event source: asks one ready packager pod of the channel
 * for its input health. Never throws (JOSDK 5.2.3 stops polling a resource whose fetch threw). A
 * transient failure (I/O, 5xx) keeps the last good value, so one lost answer does not flip the
 * IngestActive condition; no ready pod, or a pod that does not know the channel yet, is reported as
 * unavailable.
 */
public final class InputHealthFetcher implements PerResourcePollingEventSource.ResourceFetcher<InputHealth, Channel> {
    private static final Logger LOG = LoggerFactory.getLogger(InputHealthFetcher.class);

    private final OperatorConfig config;
    private final PackagerStatusReader reader;
    private final Function<Channel, List<Pod>> readyPods;
    private final Map<ResourceID, InputHealth> lastGood = new ConcurrentHashMap<>();

    public InputHealthFetcher(OperatorConfig config, PackagerStatusReader reader, Function<Channel, List<Pod>> readyPods) {
        this.config = config;
        this.reader = reader;
        this.readyPods = readyPods;
    }

    @Override
    public Set<InputHealth> fetchResources(Channel channel) {
        try {
            return Set.of(fetch(channel));
        } catch (RuntimeException e) {
            LOG.warn("cannot read the input health of channel {}/{}", channel.getMetadata().getNamespace(), channel.getMetadata().getName(), e);
            return Set.of(InputHealth.unavailable(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private InputHealth fetch(Channel channel) {
        ResourceID id = ResourceID.fromResource(channel);
        List<Pod> pods = readyPods.apply(channel);
        if (pods.isEmpty()) {
            lastGood.remove(id);
            return InputHealth.unavailable("no packager pod is ready");
        }
        ChannelModel model = ChannelModel.of(channel, config);
        PackagerStatusReader.Result result = null;
        for (Pod pod : pods) { // any ready pod answers for all: the state is in the shared store
            result = reader.read(pod.getStatus().getPodIP(), model.namespace(), model.name());
            if (result.answer() != null) {
                InputHealth health = judge(result.answer(), model);
                lastGood.put(id, health);
                return health;
            }
            LOG.debug("input health of {}/{} from pod {}: {}", model.namespace(), model.name(), pod.getMetadata().getName(), result.error());
        }
        InputHealth last = lastGood.get(id);
        if (result.transientFailure() && last != null) {
            LOG.warn("cannot read the input health of channel {}/{} ({}); keeping the last answer", model.namespace(), model.name(), result.error());
            return last;
        }
        lastGood.remove(id);
        return InputHealth.unavailable("packager did not answer: " + result.error());
    }

    /** Applies the channel's thresholds to the packager's answer. */
    public static InputHealth judge(PackagerStatusReader.Answer answer, ChannelModel model) {
        List<InputHealth.Input> inputs = new ArrayList<>();
        for (var in : answer.inputs()) {
            boolean delivered = in.lastContentMillis() >= 0 && in.secondsSinceContent() != null;
            double since = delivered ? in.secondsSinceContent() : Double.POSITIVE_INFINITY;
            inputs.add(new InputHealth.Input(in.id(), in.lastContentMillis(), since <= model.healthWindowSeconds(),
                    since <= model.contentThresholdSeconds(), in.ended()));
        }
        return new InputHealth(answer.activeInput(), answer.failovers(), inputs, null);
    }
}
