package dev.wharf.packager.store;

/**
 * The segment store could not be reached or failed to answer (connection refused, timeout, pool
 * exhausted, failover in progress...). Unchecked; HTTP handlers answer it with 503 so clients retry.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
