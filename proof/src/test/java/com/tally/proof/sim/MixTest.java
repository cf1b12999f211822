package com.tally.proof.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MixTest {

    private static Mix duplicating(double duplicates) {
        return new Mix(duplicates, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void aShareBelowOneDeliversOneExtraCopyForDrawsBelowIt() {
        assertEquals(1, duplicating(0.3).copiesOf(0.29));
        assertEquals(0, duplicating(0.3).copiesOf(0.3));
        assertEquals(0, duplicating(0).copiesOf(0.0));
    }

    @Test
    void twoDeliversEveryWebhookThreeTimesWhateverTheDraw() {
        assertEquals(2, duplicating(2).copiesOf(0.0));
        assertEquals(2, duplicating(2).copiesOf(0.999));
    }

    @Test
    void theFractionOfAMeanAboveOneIsTheShareGettingOneMore() {
        assertEquals(2, duplicating(1.5).copiesOf(0.49));
        assertEquals(1, duplicating(1.5).copiesOf(0.5));
    }
}
