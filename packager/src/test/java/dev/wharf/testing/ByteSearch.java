package dev.wharf.testing;

/** Counting a byte pattern in test output (e.g. caption SEIs in a fragment). */
public final class ByteSearch {
    private ByteSearch() {}

    /** How many times {@code needle} occurs in {@code haystack}, overlapping occurrences included. */
    public static int count(byte[] haystack, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }
}
