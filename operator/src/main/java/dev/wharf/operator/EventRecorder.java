package dev.wharf.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on important transitions; failures to record are logged, never thrown. */
public class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    private void record(HasMetadata o, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        String ns = o.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withName(o.getMetadata().getName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                    .withNamespace(ns).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind())
                            .withName(o.getMetadata().getName()).withNamespace(ns).withUid(o.getMetadata().getUid())
                            .withResourceVersion(o.getMetadata().getResourceVersion()).build())
                    .withType(type).withReason(reason).withMessage(message == null ? "" : message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("wharf-operator").endSource()
                    .withReportingComponent("wharf-operator")
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warn("cannot record event {} on {}/{}: {}", reason, ns, o.getMetadata().getName(), e.getMessage());
        }
    }
}
