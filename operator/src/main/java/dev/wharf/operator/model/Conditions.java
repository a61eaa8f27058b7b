package dev.wharf.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Sets conditions the Kubernetes way (Flink {@code ConditionsUtils}): {@code lastTransitionTime}
 * only moves when the status flips, so an unchanged reconcile produces an unchanged status.
 */
public final class Conditions {
    private Conditions() {}

    /** Sets or replaces the condition of {@code type}; returns true when its status changed (a transition). */
    public static boolean set(List<Condition> conditions, Clock clock, long generation, String type, boolean status,
            String reason, String message) {
        return set(conditions, clock, generation, type, status ? "True" : "False", reason, message);
    }

    /** As {@link #set(List, Clock, long, String, boolean, String, String)} with a status of True, False or Unknown. */
    public static boolean set(List<Condition> conditions, Clock clock, long generation, String type, String s,
            String reason, String message) {
        Optional<Condition> old = find(conditions, type);
        boolean flipped = old.map(c -> !s.equals(c.getStatus())).orElse(true);
        String since = flipped || old.get().getLastTransitionTime() == null
                ? Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()
                : old.get().getLastTransitionTime();
        Condition c = new ConditionBuilder().withType(type).withStatus(s).withReason(reason)
                .withMessage(message == null ? "" : message).withObservedGeneration(generation)
                .withLastTransitionTime(since).build();
        old.ifPresentOrElse(o -> conditions.set(conditions.indexOf(o), c), () -> conditions.add(c));
        return flipped;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }
}
