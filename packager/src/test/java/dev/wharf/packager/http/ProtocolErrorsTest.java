package dev.wharf.packager.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.Status;
import org.junit.jupiter.api.Test;

/** The reasons given for requests Helidon refuses before routing (end to end: IngestAuthorizationIT). */
class ProtocolErrorsTest {

    @Test
    void eachStatusGetsAReasonAndHelidonsMessageOnlyWhenShortPrintableAscii() {
        assertThat(ProtocolErrors.reason(EventType.BAD_REQUEST, Status.BAD_REQUEST_400)).contains("malformed");
        assertThat(ProtocolErrors.reason(EventType.OTHER, Status.REQUEST_URI_TOO_LONG_414)).contains("too long");
        assertThat(ProtocolErrors.reason(EventType.HTTP_VERSION_NOT_SUPPORTED, Status.HTTP_VERSION_NOT_SUPPORTED_505))
                .contains("HTTP/1.1");
        assertThat(ProtocolErrors.detail("Header value contains a NUL")).isEqualTo(": Header value contains a NUL");
        assertThat(ProtocolErrors.detail("Digest username=\"a\"\r\nX-Forged: 1")).isEmpty();
        assertThat(ProtocolErrors.detail("x".repeat(ProtocolErrors.MAX_DETAIL + 1))).isEmpty();
        assertThat(ProtocolErrors.detail("caf\u00e9")).isEmpty();
        assertThat(ProtocolErrors.detail(null)).isEmpty();
    }
}
