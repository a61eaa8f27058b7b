package dev.wharf.operator.push;

/**
 * Pushes a rendered {@code packager.yaml} to one running packager pod, so a changed endpoint is
 * served within seconds (kubelet's ConfigMap propagation alone takes up to a minute or more).
 */
public interface PackagerConfigPusher {

    /** Outcome of one push: applied, or why not (the packager's 400 reason, an HTTP status, an I/O error). */
    record Result(boolean applied, String detail) {
        public static Result ok() {
            return new Result(true, "applied");
        }

        public static Result failed(String detail) {
            return new Result(false, detail);
        }
    }

    /**
     * @param podIp the pod's IP
     * @param adminToken the bearer token from the channel's Secret (key {@code admin-token})
     * @param yaml the full configuration
     */
    Result push(String podIp, String adminToken, String yaml);
}
