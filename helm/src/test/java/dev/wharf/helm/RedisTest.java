package dev.wharf.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static dev.wharf.helm.OperatorDeploymentTest.env;
import static dev.wharf.helm.OperatorDeploymentTest.operatorDeployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The segment store: a bundled Redis for trying, an external one for production, or none. */
class RedisTest {

    @Test
    void noRedisByDefault() {
        WharfChart.Rendered rendered = WharfChart.chart().render();

        assertThat(rendered.all(Deployment.class)).hasSize(1);
        assertThat(rendered.all(Service.class)).noneMatch(s -> s.getMetadata().getName().endsWith("-redis"));
    }

    @Test
    void bundledRedisIsDeployedAndTheOperatorPointsAtItByClusterDnsName() {
        WharfChart.Rendered rendered = WharfChart.chart().set("redis.enabled", true).render();

        Deployment redis = rendered.all(Deployment.class).stream()
            .filter(d -> d.getMetadata().getName().equals("wharf-redis")).findFirst().orElseThrow();
        Service service = rendered.all(Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals("wharf-redis")).findFirst().orElseThrow();
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(6379));
        assertThat(redis.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(env(operatorDeployment(rendered)))
            .containsEntry("WHARF_REDIS_URL", "redis://wharf-redis." + WharfChart.NAMESPACE + ".svc:6379")
            .doesNotContainKey("WHARF_REDIS_SECRET");

        Container container = redis.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("redis:7.4-alpine");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(redis.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getArgs()).containsSubsequence("--maxmemory", "1gb");
    }

    @Test
    void externalRedisUrlAndPasswordSecretReachTheOperator() {
        WharfChart.Rendered rendered = WharfChart.chart()
            .set("redis.external.url", "rediss://redis.media.example:6380/2")
            .set("redis.external.existingSecret", "wharf-redis-auth")
            .set("redis.external.existingSecretKey", "redis-password")
            .render();

        assertThat(env(operatorDeployment(rendered)))
            .containsEntry("WHARF_REDIS_URL", "rediss://redis.media.example:6380/2")
            .containsEntry("WHARF_REDIS_SECRET", "wharf-redis-auth:redis-password");
        assertThat(rendered.all(Deployment.class)).hasSize(1);
    }

    @Test
    void externalSecretKeyDefaultsToPassword() {
        WharfChart.Rendered rendered = WharfChart.chart()
            .set("redis.external.url", "redis://redis:6379")
            .set("redis.external.existingSecret", "redis-auth")
            .render();

        assertThat(env(operatorDeployment(rendered))).containsEntry("WHARF_REDIS_SECRET", "redis-auth:password");
    }

    @Test
    void bundledAndExternalTogetherAreRefused() {
        assertThatThrownBy(() -> WharfChart.chart()
            .set("redis.enabled", true).set("redis.external.url", "redis://redis:6379").renderText())
            .hasMessageContaining("exclusive");
    }

    @Test
    void aSecretWithoutAUrlIsRefused() {
        assertThatThrownBy(() -> WharfChart.chart().set("redis.external.existingSecret", "redis-auth").renderText())
            .hasMessageContaining("redis.external.url");
    }
}
