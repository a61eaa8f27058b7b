package dev.wharf.helm;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Least-privilege RBAC, namespaced or cluster-wide by operator.watchNamespaces, off by rbac.create. */
class RbacTest {

    private static final List<String> CRUD = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    private static final List<String> READ = List.of("get", "list", "watch");

    /**
     * What the operator does, as "group/resource" -> verbs: reconciles its two resources (status
     * patches, finalizers), owns per Channel a Secret, ConfigMap, Deployment, Service,
     * PodDisruptionBudget and two Ingresses, reads Pods and EndpointSlices, records Events.
     */
    private static final Map<String, Set<String>> EXPECTED = expected();

    @Test
    void allNamespacesGetOneClusterRoleWithExactlyTheNeededVerbs() {
        WharfChart.Rendered rendered = WharfChart.chart().render();

        ClusterRole clusterRole = rendered.one(ClusterRole.class);
        assertThat(flatten(clusterRole.getRules())).isEqualTo(EXPECTED);
        ClusterRoleBinding binding = rendered.one(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo("wharf");
            assertThat(subject.getNamespace()).isEqualTo(WharfChart.NAMESPACE);
        });
        assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getName())
            .containsExactly("wharf-leader-election");
    }

    @Test
    void listedNamespacesGetARoleAndBindingEachAndNoClusterRole() {
        WharfChart.Rendered rendered = WharfChart.chart()
            .set("operator.watchNamespaces[0]", "team-a")
            .set("operator.watchNamespaces[1]", "team-b")
            .render();

        assertThat(rendered.all(ClusterRole.class)).isEmpty();
        assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
        List<Role> operatorRoles = rendered.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals("wharf-operator")).toList();
        assertThat(operatorRoles).extracting(r -> r.getMetadata().getNamespace()).containsExactly("team-a", "team-b");
        operatorRoles.forEach(role -> assertThat(flatten(role.getRules())).isEqualTo(EXPECTED));
        List<RoleBinding> bindings = rendered.all(RoleBinding.class).stream()
            .filter(b -> b.getRoleRef().getName().equals("wharf-operator")).toList();
        assertThat(bindings).extracting(b -> b.getMetadata().getNamespace()).containsExactly("team-a", "team-b");
        bindings.forEach(binding -> {
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(WharfChart.NAMESPACE));
        });
    }

    @Test
    void leasesAreGrantedOnlyInTheLeaderElectionNamespace() {
        WharfChart.Rendered rendered = WharfChart.chart().set("operator.leaderElection.namespace", "wharf-leases").render();

        Role leases = rendered.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals("wharf-leader-election")).findFirst().orElseThrow();
        assertThat(leases.getMetadata().getNamespace()).isEqualTo("wharf-leases");
        assertThat(flatten(leases.getRules()))
            .isEqualTo(Map.of("coordination.k8s.io/leases", new TreeSet<>(List.of("get", "create", "update"))));
        assertThat(rendered.all(RoleBinding.class)).anySatisfy(b -> {
            assertThat(b.getMetadata().getNamespace()).isEqualTo("wharf-leases");
            assertThat(b.getRoleRef().getName()).isEqualTo("wharf-leader-election");
        });

        WharfChart.Rendered withoutElection = WharfChart.chart()
            .set("operator.replicas", 1).set("operator.leaderElection.enabled", false).render();
        assertThat(withoutElection.all(Role.class)).isEmpty();
    }

    @Test
    void rbacCreateFalseRendersNoRbacObjects() {
        for (WharfChart chart : List.of(
            WharfChart.chart().set("rbac.create", false),
            WharfChart.chart().set("rbac.create", false).set("operator.watchNamespaces[0]", "team-a"))) {
            WharfChart.Rendered rendered = chart.render();

            assertThat(rendered.objects()).noneMatch(o -> o.getApiVersion().startsWith("rbac.authorization.k8s.io/"));
        }
    }

    @Test
    void noRuleUsesWildcardsOrEscalatingVerbs() {
        WharfChart.Rendered rendered = WharfChart.chart().render();

        List<PolicyRule> rules = new java.util.ArrayList<>(rendered.one(ClusterRole.class).getRules());
        rendered.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*", "deletecollection", "escalate", "bind", "impersonate");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
        });
    }

    private static Map<String, Set<String>> expected() {
        Map<String, Set<String>> m = new TreeMap<>();
        for (String r : List.of("channels", "originendpoints")) {
            m.put("wharf.dev/" + r, new TreeSet<>(List.of("get", "list", "watch", "update", "patch")));
            m.put("wharf.dev/" + r + "/status", new TreeSet<>(List.of("get", "update", "patch")));
            m.put("wharf.dev/" + r + "/finalizers", new TreeSet<>(List.of("update")));
        }
        for (String r : List.of("/secrets", "/configmaps", "/services", "apps/deployments",
            "policy/poddisruptionbudgets", "autoscaling/horizontalpodautoscalers", "networking.k8s.io/ingresses")) {
            m.put(r, new TreeSet<>(CRUD));
        }
        m.put("/pods", new TreeSet<>(READ));
        m.put("discovery.k8s.io/endpointslices", new TreeSet<>(READ));
        m.put("/events", new TreeSet<>(List.of("create", "patch")));
        m.put("events.k8s.io/events", new TreeSet<>(List.of("create", "patch")));
        return m;
    }

    /** Rules as "group/resource" -> verbs, whatever way the rules were grouped. */
    private static Map<String, Set<String>> flatten(List<PolicyRule> rules) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    m.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return m;
    }
}
