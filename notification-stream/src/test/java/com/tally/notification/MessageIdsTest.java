package com.tally.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void theMessageIdIsTheNotificationIdAtTally() {
        String id = NotificationIds.of("o-1", NotificationKind.ORDER_CONFIRMED);

        assertEquals("<" + id + "@tally>", MessageIds.of(id));
        assertEquals(MessageIds.of(id), MessageIds.of(NotificationIds.of("o-1", NotificationKind.ORDER_CONFIRMED)), "every send, one ID");
    }

    @Test
    void anIdThatWouldBreakTheHeaderIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class, () -> MessageIds.of("ntf_1>\r\nBcc: x@evil.example"));
        assertTrue(refused.getMessage().contains("NotificationIds.of makes such IDs"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MessageIds.of(""));
    }
}
