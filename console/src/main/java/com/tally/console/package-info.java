/** Operations page: lag, order timeline, alerts, dead letters. Arrives with a later issue. */
package com.tally.console;
