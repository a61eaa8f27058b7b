package dev.wharf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Free loopback TCP ports for the processes and servers tests start. */
public final class FreePorts {

    /** Ports handed out by this JVM: never twice, even after the test that used one released it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A TCP port that is free on 127.0.0.1 right now and was not returned before by this JVM. */
    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind an ephemeral loopback port", e);
            }
        }
        throw new IllegalStateException("no fresh free loopback port after 100 attempts");
    }
}
