package dev.wharf.packager.channel;

/** An ingest endpoint at run time: its id and Digest credentials. */
public record Input(String id, String username, char[] password) {
    @Override
    public String toString() {
        return "Input[id=" + id + ", username=" + username + "]";
    }
}
