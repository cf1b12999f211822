package com.tally.order;

import com.tally.schemas.EventIds;
import com.tally.schemas.LedgerBalances;
import com.tally.schemas.LedgerEntry;
import java.time.Instant;
import java.util.HashMap;

/**
 * The chart of accounts order-stream books to. Every entry moves one amount from a credit account
 * to a debit account, so each entry balances by construction and so does any sum of entries.
 *
 * <ul>
 *   <li>{@code processor:<provider>}: money the payment processor holds for us (an asset);</li>
 *   <li>{@code sales}: what customers paid for their orders;</li>
 *   <li>{@code suspense}: money that came in but does not match its order, until a person decides;</li>
 *   <li>{@code refunds-payable}: extra charges we owe back to the customer;</li>
 *   <li>{@code disputes}: money the processor took back while a dispute is open.</li>
 * </ul>
 */
final class Ledger {

    static final String SALES = "sales";
    static final String SUSPENSE = "suspense";
    static final String REFUNDS_PAYABLE = "refunds-payable";
    static final String DISPUTES = "disputes";

    private Ledger() {
    }

    static String processor(String provider) {
        return "processor:" + provider;
    }

    /** One double entry; its ID is derived from the cause, so a replay books the same entry, never a second. */
    static LedgerEntry entry(String orderId, String causeEventId, String purpose, String debit, String credit,
                             long amountMinor, String currency, Instant at) {
        return LedgerEntry.newBuilder()
                .setEventId(EventIds.derived(causeEventId, "ledger-" + purpose))
                .setCauseEventId(causeEventId)
                .setOrderId(orderId)
                .setDebitAccount(debit)
                .setCreditAccount(credit)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setBookedAt(at)
                .build();
    }

    static LedgerBalances noBalances() {
        return LedgerBalances.newBuilder().setCurrency("").build();
    }

    /** Posts both legs of one entry to the balances of its currency: debits add, credits subtract, so the accounts always sum to zero. */
    static LedgerBalances post(LedgerBalances balances, LedgerEntry entry) {
        var accounts = new HashMap<>(balances.getAccounts());
        accounts.merge(entry.getDebitAccount(), entry.getAmountMinor(), Long::sum);
        accounts.merge(entry.getCreditAccount(), -entry.getAmountMinor(), Long::sum);
        return LedgerBalances.newBuilder()
                .setCurrency(entry.getCurrency())
                .setAccounts(accounts)
                .setDebitsMinor(balances.getDebitsMinor() + entry.getAmountMinor())
                .setCreditsMinor(balances.getCreditsMinor() + entry.getAmountMinor())
                .setEntries(balances.getEntries() + 1)
                .build();
    }
}
