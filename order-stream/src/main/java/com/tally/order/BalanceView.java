package com.tally.order;

import com.tally.schemas.LedgerBalances;
import java.util.Map;
import java.util.TreeMap;

/** The balances of one currency in {@code GET /ledger/balances}; {@code balanced} is debits == credits. */
public record BalanceView(String currency, Map<String, Long> accounts, long debits, long credits, long entries, boolean balanced) {

    static BalanceView of(LedgerBalances balances) {
        return new BalanceView(balances.getCurrency(), new TreeMap<>(balances.getAccounts()), balances.getDebitsMinor(),
                balances.getCreditsMinor(), balances.getEntries(), balances.getDebitsMinor() == balances.getCreditsMinor());
    }
}
