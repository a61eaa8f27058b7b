package dev.wharf.packager.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;

/**
 * Answers for requests Helidon refuses before any route sees them (malformed request line or
 * headers, a request-target or headers too large, a version other than HTTP/1.1): the status
 * Helidon chose, with a plain-text reason instead of its empty body, so an encoder's operator can
 * tell what was wrong (docs/security.md). The reason is ours plus Helidon's message only when that
 * message is short printable ASCII; request bytes such as header values are never echoed.
 */
public final class ProtocolErrors implements DirectHandler {
    static final int MAX_DETAIL = 160;

    private ProtocolErrors() {}

    /** The handlers to install on every socket. */
    public static DirectHandlers handlers() {
        ProtocolErrors h = new ProtocolErrors();
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (EventType t : EventType.values()) {
            b.addHandler(t, h);
        }
        return b.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        String text = reason(eventType, status) + detail(message) + "\n";
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .entity(text.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static String reason(EventType eventType, Status status) {
        return switch (status.code()) {
            case 400 -> "malformed HTTP/1.1 request (request line or headers), refused before routing";
            case 413 -> "request body larger than this endpoint accepts";
            case 414 -> "request-target too long";
            case 431 -> "request headers too large";
            case 505 -> "only HTTP/1.1 is supported";
            default -> eventType == EventType.INTERNAL_ERROR ? "internal error" : status.reasonPhrase();
        };
    }

    /** Helidon's message if it is short printable ASCII (it never carries header values then), else nothing. */
    static String detail(String message) {
        if (message == null || message.isBlank() || message.length() > MAX_DETAIL) {
            return "";
        }
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "";
            }
        }
        return ": " + message;
    }
}
