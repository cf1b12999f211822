/**
 * The transactional consume-call-produce loop every dispatcher runs on: it reads requests
 * (read_committed), calls an outside system for each, then appends the outcomes and commits the
 * consumed offsets in one Kafka transaction. {@link com.tally.platform.dispatch.DispatchLoop}
 * says why nothing is lost or committed twice.
 */
package com.tally.platform.dispatch;
