package com.tally.platform.testing;

import com.tally.platform.Access;
import java.util.Map;

/**
 * The shop and operator tokens tests start services with and send: long enough to pass the
 * length rule, and obviously not for any real service.
 */
public final class TestTokens {

    public static final String SHOP = "test-shop-token-not-for-production";
    public static final String OPERATOR = "test-operator-token-not-for-production";

    private TestTokens() {
    }

    /** The environment that makes a service accept exactly these two tokens. */
    public static Map<String, String> environment() {
        return Map.of(Access.SHOP_TOKENS, SHOP, Access.OPERATOR_TOKENS, OPERATOR);
    }
}
