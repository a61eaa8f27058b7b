package dev.wharf.packager.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Every Redis key and pub/sub channel name Wharf uses. Nothing else builds keys.
 *
 * <pre>
 * wharf:v1:{&lt;namespace&gt;/&lt;channel&gt;}:in:&lt;input&gt;:file:&lt;file&gt;          string, the file's bytes; a segment's
 *                                                              file is {@code name@uploadId}, and {@code name@} holds
 *                                                              the newest such key ({@link SegmentVersions})
 * wharf:v1:{&lt;namespace&gt;/&lt;channel&gt;}:in:&lt;input&gt;:meta                 hash, metadata fields
 * wharf:v1:{&lt;namespace&gt;/&lt;channel&gt;}:in:&lt;input&gt;:r:&lt;rendition&gt;:state  hash, the RenditionState
 * wharf:v1:{&lt;namespace&gt;/&lt;channel&gt;}:in:&lt;input&gt;:r:&lt;rendition&gt;:tl     sorted set, score = sequence,
 *                                                              member = {@link TimelineEntryCodec} bytes
 * wharf:v1:changes                                             pub/sub channel, message = namespace/channel
 * </pre>
 *
 * <p>The {@code {...}} hash tag puts all keys of one channel in one Cluster slot, which the
 * multi-key Lua scripts need. {@code v1} is the layout version: change it with any incompatible change
 * of key layout or value encoding, so old and new packagers never misread each other.
 *
 * <p>Each name component is escaped: {@code % : / { }} and control characters become {@code %XX}, so a
 * component can't forge another key (input {@code a:file:b} vs input {@code a}, file {@code b}) or break
 * the hash tag. Other characters, including non-ASCII, are kept (UTF-8).
 */
public final class RedisKeys {

    public static final String PREFIX = "wharf:v1:";
    public static final String CHANGES_CHANNEL = PREFIX + "changes";

    private RedisKeys() {}

    /** {@code wharf:v1:{ns/name}}: the prefix of all keys of a channel. */
    public static String channelPrefix(ChannelKey channel) {
        return PREFIX + "{" + escape(channel.namespace()) + "/" + escape(channel.name()) + "}";
    }

    public static String inputPrefix(ChannelKey channel, String input) {
        return channelPrefix(channel) + ":in:" + escape(input);
    }

    public static String file(ChannelKey channel, String input, String file) {
        return inputPrefix(channel, input) + ":file:" + escape(file);
    }

    public static String meta(ChannelKey channel, String input) {
        return inputPrefix(channel, input) + ":meta";
    }

    public static String renditionState(ChannelKey channel, String input, String rendition) {
        return inputPrefix(channel, input) + ":r:" + escape(rendition) + ":state";
    }

    public static String timeline(ChannelKey channel, String input, String rendition) {
        return inputPrefix(channel, input) + ":r:" + escape(rendition) + ":tl";
    }

    /** The message {@link #CHANGES_CHANNEL} carries for a channel: {@code ns/name}, components escaped. */
    public static String changeMessage(ChannelKey channel) {
        return escape(channel.namespace()) + "/" + escape(channel.name());
    }

    /** The channel a {@link #changeMessage} names; empty when the message is not one. */
    public static Optional<ChannelKey> parseChangeMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        int slash = message.indexOf('/');
        if (slash < 0 || message.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChannelKey(unescape(message.substring(0, slash)), unescape(message.substring(slash + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Escapes one name component; identity for ordinary names. */
    static String escape(String component) {
        int i = 0;
        while (i < component.length() && !mustEscape(component.charAt(i))) {
            i++;
        }
        if (i == component.length()) {
            return component;
        }
        StringBuilder sb = new StringBuilder(component.length() + 8).append(component, 0, i);
        for (; i < component.length(); i++) {
            char c = component.charAt(i);
            if (mustEscape(c)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String escaped) {
        if (escaped.indexOf('%') < 0) {
            return escaped;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(escaped.length());
        byte[] in = escaped.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%') {
                if (i + 2 >= in.length) {
                    throw new IllegalArgumentException("truncated escape in " + escaped);
                }
                int hi = Character.digit(in[i + 1], 16);
                int lo = Character.digit(in[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape in " + escaped);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean mustEscape(char c) {
        return c == '%' || c == ':' || c == '/' || c == '{' || c == '}' || c < 0x20 || c == 0x7f;
    }
}
