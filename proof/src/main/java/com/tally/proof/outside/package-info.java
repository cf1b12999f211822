/**
 * Stand-ins for the systems outside Tally: what the warehouse simulator and the processor
 * simulator share, from the listener that goes down and comes back on its port to the sender
 * that tells ingest again and again until it answers.
 */
package com.tally.proof.outside;
