package dev.wharf.packager.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The packager's Prometheus metrics, named after MediaPackage's CloudWatch metrics in snake case
 * ({@code IngressBytes} is {@code wharf_ingress_bytes_total}...). Tags are only ever configured
 * names (channel, ingest endpoint, origin endpoint) and status ranges, never a segment or a URL.
 */
public final class PackagerMetrics {
    private static final Duration[] SLOS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public PackagerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of all meters. */
    public String scrape() {
        return registry.scrape();
    }

    static String range(int status) {
        return (status / 100) + "xx";
    }

    /** One ingest request (PUT or DELETE) from an encoder. */
    public void ingress(String channel, String ingestEndpoint, int status, long bytes, long nanos) {
        Counter.builder("wharf.ingress.request.count").description("Ingest requests (MediaPackage IngressRequestCount)")
                .tags("channel", channel, "ingest_endpoint", ingestEndpoint, "status_code_range", range(status))
                .register(registry).increment();
        if (bytes > 0) {
            DistributionSummary.builder("wharf.ingress.bytes").baseUnit("bytes")
                    .description("Bytes received from encoders (MediaPackage IngressBytes)")
                    .tags("channel", channel, "ingest_endpoint", ingestEndpoint)
                    .register(registry).record(bytes);
        }
        Timer.builder("wharf.ingress.response.time").description("Ingest response time (MediaPackage IngressResponseTime)")
                .tags("channel", channel, "ingest_endpoint", ingestEndpoint)
                .serviceLevelObjectives(SLOS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A new segment entered a channel's timeline. */
    public void segmentIngested(String channel, String ingestEndpoint) {
        Counter.builder("wharf.ingest.segments").description("Segments that entered a channel timeline")
                .tags("channel", channel, "ingest_endpoint", ingestEndpoint)
                .register(registry).increment();
    }

    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> lastContent =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> active =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** An input delivered content now (MediaPackage has no such metric; failover is decided on it). */
    public void inputContent(String channel, String ingestEndpoint, long epochMillis) {
        lastContent.computeIfAbsent(channel + "/" + ingestEndpoint, k -> {
            java.util.concurrent.atomic.AtomicLong v = new java.util.concurrent.atomic.AtomicLong();
            io.micrometer.core.instrument.Gauge.builder("wharf.input.last.content.timestamp", v, a -> a.get() / 1000.0)
                    .description("When the input last delivered a segment or playlist (epoch seconds)")
                    .baseUnit("seconds")
                    .tags("channel", channel, "ingest_endpoint", ingestEndpoint).register(registry);
            return v;
        }).set(epochMillis);
    }

    /** The channel's active input (1) and the others (0), as this replica last saw them (MediaPackage ActiveInput). */
    public void activeInput(String channel, java.util.List<String> inputs, String activeInput) {
        for (String in : inputs) {
            active.computeIfAbsent(channel + "/" + in, k -> {
                java.util.concurrent.atomic.AtomicInteger v = new java.util.concurrent.atomic.AtomicInteger();
                io.micrometer.core.instrument.Gauge.builder("wharf.active.input", v, java.util.concurrent.atomic.AtomicInteger::get)
                        .description("1 when the ingest endpoint is the channel's active input (MediaPackage ActiveInput)")
                        .tags("channel", channel, "ingest_endpoint", in).register(registry);
                return v;
            }).set(in.equals(activeInput) ? 1 : 0);
        }
    }

    /** The channel switched inputs. */
    public void failover(String channel) {
        Counter.builder("wharf.input.failovers").description("Switches of the channel's active input")
                .tags("channel", channel).register(registry).increment();
    }

    /**
     * A Smooth fragment request held at the live edge until the next fragment existed ({@code found}) or was overdue:
     * such requests also count in {@code wharf.egress.response.time}, this says why they took a segment duration.
     */
    public void lookAheadHeld(String channel, long nanos, boolean found) {
        Timer.builder("wharf.mss.lookahead.hold").description("Smooth fragment requests held until their tfrf could name the next fragment")
                .tags("channel", channel, "outcome", found ? "next" : "none")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One playback request. */
    public void egress(String channel, String originEndpoint, String kind, int status, long bytes, long nanos) {
        Counter.builder("wharf.egress.request.count").description("Playback requests (MediaPackage EgressRequestCount)")
                .tags("channel", channel, "origin_endpoint", originEndpoint, "kind", kind, "status_code_range", range(status))
                .register(registry).increment();
        if (bytes > 0) {
            Counter.builder("wharf.egress.bytes").baseUnit("bytes").description("Bytes sent to players (MediaPackage EgressBytes)")
                    .tags("channel", channel, "origin_endpoint", originEndpoint)
                    .register(registry).increment(bytes);
        }
        Timer.builder("wharf.egress.response.time").description("Playback response time (MediaPackage EgressResponseTime)")
                .tags("channel", channel, "origin_endpoint", originEndpoint, "kind", kind)
                .serviceLevelObjectives(SLOS)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
