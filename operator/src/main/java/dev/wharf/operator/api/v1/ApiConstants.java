package dev.wharf.operator.api.v1;

/** Group, version, annotations and condition vocabulary of the wharf.dev API. */
public final class ApiConstants {
    public static final String GROUP = "wharf.dev";
    public static final String VERSION = "v1";

    /** Annotation on a Channel: an ingest endpoint id, or {@code all}, whose password is regenerated once. */
    public static final String ROTATE_CREDENTIALS = "wharf.dev/rotate-credentials";

    private ApiConstants() {}

    /** Condition types (CamelCase, Kubernetes convention). */
    public static final class Types {
        public static final String READY = "Ready";
        /** Channel: the rendered packager configuration reached every ready pod. */
        public static final String CONFIG_APPLIED = "ConfigApplied";
        /** Channel: segments are in storage shared by all replicas (Redis), not in each pod's memory. */
        public static final String SHARED_STORAGE = "SharedStorage";
        /** Channel: the active input delivered content within the input-loss threshold. */
        public static final String INGEST_ACTIVE = "IngestActive";
        /** Endpoint: every field set is in effect (False lists the accepted but not yet implemented ones). */
        public static final String FIELDS_IN_EFFECT = "FieldsInEffect";
        /** Endpoint: the settings let players play (False: valid settings known to make players stall). */
        public static final String PLAYBACK_SETTINGS = "PlaybackSettings";

        private Types() {}
    }

    /** Condition reasons (CamelCase). */
    public static final class Reasons {
        public static final String READY = "Ready";
        public static final String SERVING = "Serving";
        public static final String CONSISTENT = "Consistent";
        public static final String PLAYERS_MAY_STALL = "PlayersMayStall";
        public static final String INVALID_SPEC = "InvalidSpec";
        public static final String WAITING_FOR_PODS = "WaitingForPods";
        public static final String RECONCILE_ERROR = "ReconcileError";
        public static final String APPLIED = "Applied";
        public static final String PUSH_FAILED = "PushFailed";
        public static final String REDIS = "Redis";
        public static final String IN_MEMORY = "InMemoryStorage";
        public static final String CHANNEL_NOT_FOUND = "ChannelNotFound";
        public static final String CHANNEL_NOT_READY = "ChannelNotReady";
        public static final String CONFIG_PENDING = "ConfigPending";
        public static final String NOT_YET_SUPPORTED = "NotYetSupported";
        public static final String ALL_IN_EFFECT = "AllInEffect";
        public static final String RECEIVING_CONTENT = "ReceivingContent";
        public static final String NO_CONTENT = "NoContent";
        public static final String INPUT_ENDED = "InputEnded";
        /** IngestActive is Unknown: no ready packager pod, or it did not answer. */
        public static final String STATUS_UNAVAILABLE = "StatusUnavailable";
        /** Event: the channel switched inputs. */
        public static final String INPUT_FAILOVER = "InputFailover";

        private Reasons() {}
    }
}
