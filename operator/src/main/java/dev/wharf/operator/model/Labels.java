package dev.wharf.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels of everything the operator creates for a channel. */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String CHANNEL = "wharf.dev/channel";
    public static final String PACKAGER = "wharf-packager";
    public static final String OPERATOR = "wharf-operator";
    /** Label selector of the objects the operator watches besides its custom resources. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;
    public static final String PACKAGER_SELECTOR = NAME + "=" + PACKAGER;

    private Labels() {}

    /** The labels of a channel's objects (also the pod template's). */
    public static Map<String, String> of(String channel) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME, PACKAGER);
        m.put(INSTANCE, channel);
        m.put(CHANNEL, channel);
        m.put(MANAGED_BY, OPERATOR);
        return m;
    }

    /** The selector of a channel's packager pods (stable: Deployment selectors are immutable). */
    public static Map<String, String> selector(String channel) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME, PACKAGER);
        m.put(INSTANCE, channel);
        return m;
    }
}
