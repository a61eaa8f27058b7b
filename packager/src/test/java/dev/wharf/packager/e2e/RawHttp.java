package dev.wharf.packager.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately simple HTTP/1.1 client on a raw socket, so tests control every byte an encoder
 * sends (odd paths, Expect: 100-continue, chunked bodies) and see exactly what the server answers.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    void sendHead(String head) throws IOException {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void sendBytes(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Sends a request with a Content-Length body (or none when body is null) and reads the answer. */
    Response request(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder h = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        h.append("\r\n");
        sendHead(h.toString());
        if (body != null) {
            sendBytes(body);
        }
        return read();
    }

    Response read() throws IOException {
        String status = line();
        Matcher m = Pattern.compile("HTTP/1\\.1 (\\d{3}).*").matcher(status);
        if (!m.matches()) {
            throw new IOException("bad status line: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            String k = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
            String v = l.substring(c + 1).trim();
            headers.merge(k, v, (a, b) -> a + "\n" + b);
        }
        int code = Integer.parseInt(m.group(1));
        byte[] body = new byte[0];
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int n = Integer.parseInt(line().split(";")[0].trim(), 16); n > 0; n = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                b.write(in.readNBytes(n));
                line();
            }
            line();
            body = b.toByteArray();
        }
        return new Response(code, headers, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            throw new IOException("connection closed");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The MD5 Digest Authorization header answering {@code challenge} (RFC 7616 3.4.1, qop=auth). */
    static String digest(String challenge, String user, String password, String method, String uri, int nc) {
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|[^,\\s]+)").matcher(challenge);
        while (m.find()) {
            p.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2).replace("\"", ""));
        }
        String realm = p.get("realm");
        String nonce = p.get("nonce");
        String cnonce = "0a4f113b";
        String ncs = String.format("%08x", nc);
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + ncs + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=\"MD5\", qop=\"auth\", cnonce=\"" + cnonce + "\", nc=" + ncs
                + (p.containsKey("opaque") ? ", opaque=\"" + p.get("opaque") + "\"" : "");
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last (MD5) challenge of a 401, which is the one ffmpeg answers. */
    static String md5Challenge(Response r) {
        String all = r.header("WWW-Authenticate");
        String[] values = all.split("\n");
        return values[values.length - 1];
    }
}
