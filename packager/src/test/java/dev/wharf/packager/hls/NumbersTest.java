package dev.wharf.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact decimal durations and program date-times. */
class NumbersTest {

    @ParameterizedTest
    @CsvSource({
            "2.002000, 2002000",
            "2.000000, 2000000",
            "6.00600, 6006000",
            "10, 10000000",
            "10., 10000000",
            ".5, 500000",
            "0, 0",
            "-0, 0",
            "0.0000005, 1",
            "0.0000004999, 0",
            "3.9999995, 4000000",
            "1.1234564999999, 1123456",
            "007.5, 7500000",
            "9223372036854.775807, 9223372036854775807",
    })
    void durationsAreExactMicroseconds(String text, long micros) {
        assertThat(Numbers.secondsToMicros(text)).isEqualTo(micros);
    }

    @Test
    void durationsAgreeWithBigDecimalHalfUp() {
        Random random = new Random(8216);
        for (int k = 0; k < 10_000; k++) {
            String text = random.nextInt(100) + "." + String.format("%09d", random.nextInt(1_000_000_000))
                    .substring(0, 1 + random.nextInt(9));
            long expected = new BigDecimal(text).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
            assertThat(Numbers.secondsToMicros(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void durationsRefuseWhatIsNotADecimal() {
        for (String bad : new String[] {"", ".", "abc", "1e3", "+2", "2,0", "1.2.3", "0x10", "٣", " 2"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> Numbers.secondsToMicros(bad))
                    .withMessage("is not a decimal number");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> Numbers.secondsToMicros("-0.5")).withMessage("is negative");
        assertThatIllegalArgumentException().isThrownBy(() -> Numbers.secondsToMicros("9223372036855"))
                .withMessage("is too large");
    }

    @Test
    void decimalIntegers() {
        assertThat(Numbers.decimalInteger("0")).isZero();
        assertThat(Numbers.decimalInteger("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThatIllegalArgumentException().isThrownBy(() -> Numbers.decimalInteger("9223372036854775808"))
                .withMessage("is out of range");
        assertThatIllegalArgumentException().isThrownBy(() -> Numbers.decimalInteger("+1")).withMessage("is not a decimal integer");
        assertThatIllegalArgumentException().isThrownBy(() -> Numbers.decimalInteger("١٢")).withMessage("is not a decimal integer");
        assertThatIllegalArgumentException().isThrownBy(() -> Numbers.decimalInteger("-3")).withMessage("is negative");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-25T12:21:00.899+0000, 2026-11-25T12:21:00.899Z",
            "2024-05-14T09:21:00.000Z, 2024-05-14T09:21:00Z",
            "2024-05-14T09:21:00Z, 2024-05-14T09:21:00Z",
            "2024-05-14T09:21:00z, 2024-05-14T09:21:00Z",
            "2024-05-14T11:21:00+02:00, 2024-05-14T09:21:00Z",
            "2024-05-14T04:51:00-0430, 2024-05-14T09:21:00Z",
            "2024-05-14T10:21:00+01, 2024-05-14T09:21:00Z",
            "2024-05-14 09:21:00.5Z, 2024-05-14T09:21:00.500Z",
            "2024-05-14T09:21:00.123456789Z, 2024-05-14T09:21:00.123Z",
            "2024-05-14T09:21:00.1235Z, 2024-05-14T09:21:00.124Z",
            "2024-12-31T23:59:59.9995Z, 2025-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.000Z, 1969-12-31T23:59:59Z",
            "2024-02-29T00:00:00+00:00, 2024-02-29T00:00:00Z",
    })
    void programDateTimes(String text, String instant) {
        assertThat(Numbers.programDateTimeMillis(text)).isEqualTo(Instant.parse(instant).toEpochMilli());
    }

    @Test
    void programDateTimesRefuseAmbiguity() {
        for (String bad : new String[] {"2024-05-14T09:21:00", "2024-05-14T09:21:00.123", "2024-05-14T09:21Z",
                "2024-05-14T24:00:00Z", "2024-05-14T09:21:00+2", "2024-05-14T09:21:00+02:0", "2024-05-14T09:21:00.Z",
                "2024-05-14T09:21:00 Z", "20240514T092100Z", "2023-02-29T00:00:00Z"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> Numbers.programDateTimeMillis(bad));
        }
    }
}
