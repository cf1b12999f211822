/** Fulfillment saga and the dispatcher that calls the warehouse. Arrives with a later issue. */
package com.tally.fulfillment;
