package com.tally.platform;

/** Whether a service can do its work now; {@code GET /ready} answers 200 only when it can. */
@FunctionalInterface
public interface Readiness {

    Status check();

    record Status(boolean ready, String detail) {
        public static Status ready(String detail) {
            return new Status(true, detail);
        }

        public static Status notReady(String detail) {
            return new Status(false, detail);
        }
    }
}
