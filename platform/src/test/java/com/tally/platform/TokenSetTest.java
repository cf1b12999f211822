package com.tally.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.TokenSet.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenSetTest {

    private static final String CURRENT = "4f1c9e0a7b3d5e2f8a6c1b9d0e7f3a5c";
    private static final String NEXT = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    private static final TokenSet ROTATING = TokenSet.of("operator", Access.OPERATOR_TOKENS, List.of(CURRENT, NEXT));

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eitherTokenOfARotatingListIsAcceptedAsBearer() {
        assertEquals(Verdict.ACCEPTED, ROTATING.check("Bearer " + CURRENT));
        assertEquals(Verdict.ACCEPTED, ROTATING.check("Bearer " + NEXT));
    }

    @Test
    void basicWithTheTokenAsPasswordIsAcceptedWhateverTheUserName() {
        assertEquals(Verdict.ACCEPTED, ROTATING.check(basic("ops:" + CURRENT)));
        assertEquals(Verdict.ACCEPTED, ROTATING.check(basic(":" + NEXT)));
        assertEquals(Verdict.ACCEPTED, ROTATING.check(basic("ada@example.com:" + CURRENT)), "only the first colon separates the user");
    }

    @Test
    void schemeNamesAreCaseInsensitiveAndSurroundingSpaceIsIgnored() {
        assertEquals(Verdict.ACCEPTED, ROTATING.check("bearer " + CURRENT));
        assertEquals(Verdict.ACCEPTED, ROTATING.check("  BEARER   " + CURRENT + "  "));
        assertEquals(Verdict.ACCEPTED, ROTATING.check(basic("u:" + CURRENT).replace("Basic", "basic")));
    }

    @Test
    void noHeaderOrABlankOneIsMissing() {
        assertEquals(Verdict.MISSING, ROTATING.check(null));
        assertEquals(Verdict.MISSING, ROTATING.check(""));
        assertEquals(Verdict.MISSING, ROTATING.check("   "));
    }

    @Test
    void aHeaderOfAnotherShapeIsMalformed() {
        assertEquals(Verdict.MALFORMED, ROTATING.check(CURRENT), "a bare token, no scheme");
        assertEquals(Verdict.MALFORMED, ROTATING.check("Bearer "));
        assertEquals(Verdict.MALFORMED, ROTATING.check("Token " + CURRENT));
        assertEquals(Verdict.MALFORMED, ROTATING.check("Basic %%%not-base64%%%"));
        assertEquals(Verdict.MALFORMED, ROTATING.check(basic(CURRENT)), "Basic without a colon has no password");
        assertEquals(Verdict.MALFORMED, ROTATING.check(basic("ops:")), "Basic with an empty password");
    }

    @Test
    void aTokenNotInTheListIsNotAcceptedHoweverCloseItIs() {
        assertEquals(Verdict.NOT_ACCEPTED, ROTATING.check("Bearer " + CURRENT.substring(0, 31)));
        assertEquals(Verdict.NOT_ACCEPTED, ROTATING.check("Bearer " + CURRENT + "0"));
        assertEquals(Verdict.NOT_ACCEPTED, ROTATING.check("Bearer " + CURRENT.toUpperCase()));
        assertEquals(Verdict.NOT_ACCEPTED, ROTATING.check(basic(CURRENT + ":x")), "the token as the user name is not the password");
    }

    @Test
    void anEmptySetAcceptsNothing() {
        var none = TokenSet.of("shop", Access.SHOP_TOKENS, List.of());

        assertTrue(none.isEmpty());
        assertEquals(Verdict.NOT_ACCEPTED, none.check("Bearer " + CURRENT));
    }

    @Test
    void theListIsCommaSeparatedAndTrimmed() {
        Env env = Env.of(Map.of(Access.OPERATOR_TOKENS, " " + CURRENT + " ,, " + NEXT + ","));

        var tokens = TokenSet.fromEnv(env, "operator", Access.OPERATOR_TOKENS);
        env.check();

        assertEquals(2, tokens.size());
        assertEquals(Verdict.ACCEPTED, tokens.check("Bearer " + NEXT));
    }

    @Test
    void tokensShorterThanSixteenCharactersAreRefusedWithoutShowingThem() {
        Env env = Env.of(Map.of(Access.SHOP_TOKENS, CURRENT + ",short-secret-1,abcdefghijklmnop"));

        TokenSet.fromEnv(env, "shop", Access.SHOP_TOKENS);
        var failure = assertThrows(Env.ConfigException.class, env::check);

        assertEquals(List.of("TALLY_SHOP_TOKENS: token 2 of 3 has 14 characters, fewer than 16: make one with `openssl rand -hex 24`"),
                failure.problems());
        assertFalse(failure.getMessage().contains("short-secret-1"));
    }

    @Test
    void toStringCountsTokensAndNeverShowsOne() {
        assertEquals("2 operator token(s) from TALLY_OPERATOR_TOKENS", ROTATING.toString());
    }

    @Test
    void onlyTheTokenAfterTheSchemeIsPresented() {
        assertEquals(Optional.of("abc def"), TokenSet.presentedToken("Bearer abc def"), "a token is whatever follows the scheme");
        assertEquals(Optional.empty(), TokenSet.presentedToken("Digest username=x"));
    }
}
