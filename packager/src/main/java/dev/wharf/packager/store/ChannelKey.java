package dev.wharf.packager.store;

import java.util.Objects;

/** Identifies a channel: its Kubernetes namespace and name. */
public record ChannelKey(String namespace, String name) {
    public ChannelKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** The Redis Cluster hash tag content: all keys of one channel share a slot. */
    public String tag() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return tag();
    }
}
