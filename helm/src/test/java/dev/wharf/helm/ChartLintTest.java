package dev.wharf.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTest {

    @Test
    void lintStrictPassesWithDefaultValues() {
        LintResult result = new Helm(WharfChart.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRender() {
        assertThat(WharfChart.chart().render().objects()).isNotEmpty();
    }
}
