package dev.wharf.packager.hls;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The number and date-time forms of RFC 8216 (section 4.2 value types, section 4.3.2.6 dates),
 * parsed by hand: no regex, no float, no {@code Long.parseLong} (which also takes '+' and non-ASCII
 * digits). Failures throw {@link IllegalArgumentException} whose message completes a sentence
 * about the value, e.g. "is not a decimal number"; callers add the tag and line.
 */
final class Numbers {

    static final String NOT_DECIMAL = "is not a decimal number";
    static final String NOT_INTEGER = "is not a decimal integer";

    private Numbers() {}

    /**
     * A decimal-floating-point of seconds to microseconds, exactly: {@code 2.002000} gives 2002000,
     * digits past the sixth decimal round half up. Accepts {@code 10}, {@code 10.}, {@code .5}.
     */
    static long secondsToMicros(String s) {
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        int i = negative ? 1 : 0;
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intEnd = i;
        int fracStart = intEnd;
        int fracEnd = intEnd;
        if (i < n && s.charAt(i) == '.') {
            fracStart = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            fracEnd = i;
        }
        if (i != n || (intEnd == intStart && fracEnd == fracStart)) {
            throw new IllegalArgumentException(NOT_DECIMAL);
        }
        while (intStart < intEnd - 1 && s.charAt(intStart) == '0') {
            intStart++; // leading zeros
        }
        if (intEnd - intStart > 13) {
            throw new IllegalArgumentException("is too large");
        }
        long seconds = 0;
        for (int k = intStart; k < intEnd; k++) {
            seconds = seconds * 10 + (s.charAt(k) - '0');
        }
        long micros = 0;
        for (int k = 0; k < 6; k++) {
            int at = fracStart + k;
            micros = micros * 10 + (at < fracEnd ? s.charAt(at) - '0' : 0);
        }
        if (fracEnd - fracStart > 6 && s.charAt(fracStart + 6) >= '5') {
            micros++; // half up; later digits cannot change the direction
        }
        long total;
        try {
            total = Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large");
        }
        if (negative && total != 0) {
            throw new IllegalArgumentException("is negative");
        }
        return total;
    }

    /** A decimal-integer (section 4.2): ASCII digits only, 0 to {@link Long#MAX_VALUE}. */
    static long decimalInteger(String s) {
        int n = s.length();
        if (n == 0) {
            throw new IllegalArgumentException(NOT_INTEGER);
        }
        if (s.charAt(0) == '-' && n > 1 && allDigits(s, 1)) {
            throw new IllegalArgumentException("is negative");
        }
        if (!allDigits(s, 0)) {
            throw new IllegalArgumentException(NOT_INTEGER);
        }
        long value = 0;
        for (int k = 0; k < n; k++) {
            int d = s.charAt(k) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                throw new IllegalArgumentException("is out of range");
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** A decimal-integer that fits an int. */
    static int decimalInt(String s) {
        long value = decimalInteger(s);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("is out of range");
        }
        return (int) value;
    }

    /** A decimal-floating-point (section 4.2) as a double, for rates such as FRAME-RATE. */
    static double decimalFloat(String s) {
        secondsToMicros(s); // validates the syntax: digits and one '.'
        if (s.charAt(0) == '-') {
            throw new IllegalArgumentException("is negative");
        }
        return Double.parseDouble(s);
    }

    /**
     * An {@code EXT-X-PROGRAM-DATE-TIME} value (section 4.3.2.6: ISO 8601 / RFC 3339 with a time
     * zone) to epoch milliseconds. Accepts {@code Z}, {@code +hh:mm}, {@code +hhmm} and {@code +hh}
     * zones, {@code T}, {@code t} or a space between date and time, and a fraction of any length
     * (rounded half up to the millisecond). A date-time without zone is refused: guessing one would
     * shift the timeline.
     */
    static long programDateTimeMillis(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw new IllegalArgumentException("is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss[.fff]Z)");
        }
        char t = s.charAt(10);
        if (t != 'T' && t != 't' && t != ' ') {
            throw new IllegalArgumentException("is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss[.fff]Z)");
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                || hour > 23 || minute > 59 || second > 59) {
            throw new IllegalArgumentException("is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss[.fff]Z)");
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("has an invalid date");
        }
        int i = 19;
        long millis = 0;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("has an empty fraction of a second");
            }
            for (int k = 0; k < 3; k++) {
                millis = millis * 10 + (start + k < i ? s.charAt(start + k) - '0' : 0);
            }
            if (i - start > 3 && s.charAt(start + 3) >= '5') {
                millis++;
            }
        }
        long offsetSeconds;
        if (i >= n) {
            throw new IllegalArgumentException("has no time zone (expected Z or +hh:mm)");
        }
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if (z == '+' || z == '-') {
            int rest = n - i - 1;
            int hh = rest >= 2 ? digits(s, i + 1, 2) : -1;
            int mm;
            if (rest == 2) {
                mm = 0;
            } else if (rest == 4) {
                mm = digits(s, i + 3, 2);
            } else if (rest == 5 && s.charAt(i + 3) == ':') {
                mm = digits(s, i + 4, 2);
            } else {
                mm = -1;
            }
            if (hh < 0 || mm < 0 || hh > 23 || mm > 59) {
                throw new IllegalArgumentException("has an invalid time zone offset");
            }
            offsetSeconds = (z == '-' ? -1 : 1) * (hh * 3600L + mm * 60L);
        } else {
            throw new IllegalArgumentException("has an invalid time zone (expected Z or +hh:mm)");
        }
        long secondOfDay = hour * 3600L + minute * 60L + second;
        return (epochDay * 86_400L + secondOfDay - offsetSeconds) * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean allDigits(String s, int from) {
        for (int k = from; k < s.length(); k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
