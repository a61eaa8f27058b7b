package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRangeTest {

    @ParameterizedTest(name = "{0} of 1000 -> {1}")
    @CsvSource(delimiter = ';', value = {
            "bytes=0-187; 0-187",
            "bytes=376-; 376-999",
            "bytes=-188; 812-999",
            "bytes=900-5000; 900-999",
            "bytes=1000-1100; unsatisfiable",
            "bytes=-0; unsatisfiable",
            "bytes=5-1; whole",
            "bytes=0-1,5-9; whole",
            "items=0-1; whole",
            "bytes=a-b; whole",
            "bytes=-; whole"})
    void parses(String header, String expected) {
        HttpRange r = HttpRange.parse(header, 1000);
        String actual = r == null ? "whole" : r == HttpRange.UNSATISFIABLE ? "unsatisfiable" : r.first() + "-" + r.last();
        assertThat(actual).isEqualTo(expected);
    }
}
