package dev.wharf.packager.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.ChannelRegistry;
import dev.wharf.packager.channel.Input;
import dev.wharf.packager.config.ConfigException;
import dev.wharf.packager.config.ConfigWatcher;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.ingest.IngestService;
import dev.wharf.packager.metrics.PackagerMetrics;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.StoreUnavailableException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The management socket: metrics, health, and the operations the operator (or an operator of the
 * standalone packager) performs: push a configuration, read a channel's input health, reset a channel.
 *
 * <p>Changing operations need the bearer token of {@code server.adminTokenFile}; without one they
 * are open to loopback clients only.
 */
public final class AdminService {
    private static final Logger LOG = Logger.getLogger(AdminService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SegmentStore store;
    private final PackagerMetrics metrics;
    private final ChannelRegistry registry;
    private final ChannelTimeline channels;
    private final AdminToken token;
    private final BooleanSupplier stopping;
    private final Clock clock;

    public AdminService(SegmentStore store, PackagerMetrics metrics, ChannelRegistry registry, ChannelTimeline channels,
                        AdminToken token, BooleanSupplier stopping, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.registry = registry;
        this.channels = channels;
        this.token = token;
        this.stopping = stopping;
        this.clock = clock;
    }

    public void routing(HttpRouting.Builder r) {
        r.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
        });
        r.get("/health/live", (req, res) -> res.send("{\"status\":\"UP\"}"));
        r.get("/health/ready", (req, res) -> {
            boolean storeUp = store.ping();
            boolean ready = storeUp && !stopping.getAsBoolean();
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.status(ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
            res.send("{\"status\":\"" + (ready ? "UP" : "DOWN") + "\",\"storage\":\"" + (storeUp ? "UP" : "DOWN") + "\"}");
        });
        r.put("/admin/config", this::putConfig);
        r.get("/admin/channels/{namespace}/{name}", this::channelStatus);
        r.post("/admin/channels/{namespace}/{name}/reset", this::reset);
    }

    private boolean authorized(ServerRequest req, ServerResponse res) {
        if (token == null) {
            if (req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress()) {
                return true;
            }
            text(res, Status.FORBIDDEN_403, "set server.adminTokenFile to allow this from other hosts");
            return false;
        }
        if (!token.matches(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            text(res, Status.UNAUTHORIZED_401, "unauthorized");
            return false;
        }
        return true;
    }

    /** The operator pushes a changed configuration here so it applies within seconds. */
    private void putConfig(ServerRequest req, ServerResponse res) {
        if (token == null) {
            text(res, Status.NOT_FOUND_404, "configuration push is disabled (no server.adminTokenFile)");
            return;
        }
        if (!authorized(req, res)) {
            return;
        }
        try {
            ConfigWatcher.apply(registry, req.content().as(String.class));
            LOG.info("configuration applied from PUT /admin/config");
            res.status(Status.NO_CONTENT_204).send();
        } catch (ConfigException e) {
            text(res, Status.BAD_REQUEST_400, e.getMessage());
        }
    }

    /** Input health as the Channel status shows it: the active input, failovers, each input's last content. */
    private void channelStatus(ServerRequest req, ServerResponse res) {
        Channel channel = registry.channel(req.path().pathParameters().get("namespace"),
                req.path().pathParameters().get("name")).orElse(null);
        if (channel == null) {
            text(res, Status.NOT_FOUND_404, "no such channel");
            return;
        }
        try {
            ChannelTimeline.Decision d = channels.decision(channel);
            long now = clock.millis();
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (Input in : channel.inputs()) {
                long last = -1;
                boolean ended = false;
                boolean any = false;
                for (String field : store.meta(channel.key(), in.id()).keySet()) {
                    if (field.startsWith(IngestService.META_RENDITION_PREFIX)) {
                        RenditionState s = store.renditionState(channel.key(), in.id(),
                                field.substring(IngestService.META_RENDITION_PREFIX.length()));
                        last = Math.max(last, s.updatedAtMillis());
                        ended = any ? ended && s.ended() : s.ended();
                        any = true;
                    }
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", in.id());
                m.put("active", in.id().equals(d.activeInput()));
                m.put("lastContentMillis", last);
                m.put("secondsSinceContent", last < 0 ? null : (now - last) / 1000.0);
                m.put("ended", ended);
                inputs.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("namespace", channel.key().namespace());
            body.put("name", channel.key().name());
            body.put("activeInput", d.activeInput().isEmpty() ? null : d.activeInput());
            body.put("failovers", d.failovers());
            body.put("switchedAtMillis", d.switchedAtMillis());
            body.put("inputs", inputs);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(JSON.writeValueAsBytes(body));
        } catch (StoreUnavailableException e) {
            text(res, Status.SERVICE_UNAVAILABLE_503, "storage unavailable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MediaPackage's ResetChannelState: forget the channel's content and timeline. */
    private void reset(ServerRequest req, ServerResponse res) {
        if (!authorized(req, res)) {
            return;
        }
        Channel channel = registry.channel(req.path().pathParameters().get("namespace"),
                req.path().pathParameters().get("name")).orElse(null);
        if (channel == null) {
            text(res, Status.NOT_FOUND_404, "no such channel");
            return;
        }
        store.resetChannel(channel.key());
        store.publishChange(channel.key());
        LOG.warning("channel " + channel.key() + " reset: its content and timeline are gone");
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("{\"resetAtMillis\":" + clock.millis() + "}");
    }

    private static void text(ServerResponse res, Status status, String message) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
