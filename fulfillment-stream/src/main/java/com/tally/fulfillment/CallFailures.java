package com.tally.fulfillment;

/** How a failed call to an outside system (the warehouse, the payment processor) is told in a result's reason. */
final class CallFailures {

    private CallFailures() {
    }

    /** The JDK's HTTP client often throws with no message: name the failure then, or the cause that has one. */
    static String detail(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return ": " + c.getMessage();
            }
        }
        return " (" + cause.getClass().getSimpleName() + ")";
    }
}
