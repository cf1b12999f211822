package com.tally.platform;

/** Whether a service can do its work now; {@code GET /ready} answers 200 only when it can. */
@FunctionalInterface
public interface Readiness {

    Status check();

    /** Ready when every part is; the detail names each part's state, so a not-ready answer says which part holds it up. */
    static Readiness allOf(Readiness... parts) {
        return () -> {
            boolean ready = true;
            var detail = new StringBuilder();
            for (Readiness part : parts) {
                Status status = part.check();
                ready &= status.ready();
                detail.append(detail.isEmpty() ? "" : "; ").append(status.detail());
            }
            return new Status(ready, detail.toString());
        };
    }

    record Status(boolean ready, String detail) {
        public static Status ready(String detail) {
            return new Status(true, detail);
        }

        public static Status notReady(String detail) {
            return new Status(false, detail);
        }
    }
}
