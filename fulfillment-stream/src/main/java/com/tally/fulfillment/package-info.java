/**
 * fulfillment-stream: the saga from a paid order to a shipment (requests, the retry policy with
 * durable deadlines, the verdict when it gives up) and the dispatcher that calls the warehouse.
 */
package com.tally.fulfillment;
