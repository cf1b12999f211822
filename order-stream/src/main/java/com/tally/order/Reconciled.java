package com.tally.order;

import com.tally.schemas.Alert;
import com.tally.schemas.WebhookReceived;
import java.util.List;

/** What reconciling a whole report decided: the alerts to raise and the heals to check against their orders, published in one transaction with the run. */
record Reconciled(List<Alert> alerts, List<WebhookReceived> heals) {

    Reconciled {
        alerts = List.copyOf(alerts);
        heals = List.copyOf(heals);
    }
}
