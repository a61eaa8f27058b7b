package dev.wharf.packager.delivery;

/** XML attribute values for the manifests written as text (DASH MPD, Smooth client manifest). */
final class XmlAttributes {
    private XmlAttributes() {}

    /** Appends {@code name="value"} after a space, the value escaped for a double-quoted attribute. */
    static void append(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20) {
                        b.append("&#").append((int) c).append(';');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
