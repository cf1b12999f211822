package com.tally.platform;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * One key of a key-value store read across every instance of a stream app: locally when this
 * instance owns the key, otherwise by asking the owner over HTTP with the caller's credential.
 * While an owner is rebalancing the answer is "unavailable" unless the caller accepts a standby's
 * copy, which is then marked stale.
 *
 * @param <V> the store's values
 */
public final class KeyedLookup<V> {

    /** What a lookup found; the HTTP layer turns each case into a status code. */
    public sealed interface Result<V> {
        /** @param value null when the store holds nothing under the key */
        record Found<V>(V value, boolean stale) implements Result<V> {
        }

        record Forwarded<V>(int status, String body) implements Result<V> {
        }

        record Unavailable<V>(String detail) implements Result<V> {
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String store;
    private final Function<String, String> ownerPath;
    private final String app;
    private final Peers peers = new Peers();

    /**
     * @param ownerPath the path and query that asks the owner for a key, answering from its own
     *                  store only (e.g. {@code /orders/o-1?local=true}); {@code &allowStale=true} is appended for a standby
     */
    public KeyedLookup(KafkaStreams streams, HostInfo self, String store, Function<String, String> ownerPath, String app) {
        this.streams = streams;
        this.self = self;
        this.store = store;
        this.ownerPath = ownerPath;
        this.app = app;
    }

    public String rebalancing() {
        return app + " is starting or rebalancing: retry in a few seconds, or add ?allowStale=true to read a standby copy";
    }

    /**
     * Answers a GET of one key the way every query service does: {@code ?local=true} and
     * {@code ?allowStale=true} read from the request, the caller's {@code Authorization} sent on
     * to the owner, the owner's answer passed back as it came, and 503 with {@code Retry-After}
     * while no instance can answer. Only what was found is the caller's to answer.
     */
    public void answer(Context ctx, String key, BiConsumer<Context, Result.Found<V>> found) {
        var result = find(key, "true".equals(ctx.queryParam("local")), "true".equals(ctx.queryParam("allowStale")), ctx.header("Authorization"));
        if (result instanceof Result.Found<V> value) {
            found.accept(ctx, value);
        } else if (result instanceof Result.Forwarded<V> forwarded) {
            ctx.status(forwarded.status()).contentType("application/json").result(forwarded.body());
        } else if (result instanceof Result.Unavailable<V> unavailable) {
            unavailable(ctx, unavailable.detail());
        }
    }

    /** 503 with a retry hint: the answer while an app starts or rebalances. */
    public static void unavailable(Context ctx, String detail) {
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "2").json(Map.of("error", detail));
    }

    /** @param credential the caller's {@code Authorization}, sent on to the owner if the lookup is forwarded */
    public Result<V> find(String key, boolean localOnly, boolean allowStale, String credential) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        boolean known = owner != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(owner);
        if (localOnly || (known && owner.activeHost().equals(self))) {
            return local(key, known ? owner : null, allowStale);
        }
        if (!known) {
            return allowStale ? local(key, null, true) : new Result.Unavailable<>(rebalancing());
        }
        String path = ownerPath.apply(key);
        try {
            return forwarded(peers.get(owner.activeHost(), path, credential));
        } catch (IOException ownerDown) {
            if (!allowStale) {
                return new Result.Unavailable<>("the instance owning " + key + " (" + owner.activeHost()
                        + ") did not answer: retry shortly, or add ?allowStale=true to read a standby copy");
            }
            return fromStandby(key, owner, path, credential);
        }
    }

    private Result<V> fromStandby(String key, KeyQueryMetadata owner, String path, String credential) {
        if (owner.standbyHosts().contains(self)) {
            return local(key, owner, true);
        }
        for (HostInfo standby : owner.standbyHosts()) {
            try {
                return forwarded(peers.get(standby, path + "&allowStale=true", credential));
            } catch (IOException next) {
                // try the next standby
            }
        }
        return new Result.Unavailable<>("neither the owner of " + key + " nor a standby answered: retry shortly");
    }

    private Result<V> local(String key, KeyQueryMetadata owner, boolean allowStale) {
        try {
            var parameters = StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore());
            if (allowStale) {
                parameters = parameters.enableStaleStores();
            }
            if (owner != null) {
                parameters = parameters.withPartition(owner.partition());
            }
            boolean stale = allowStale && (owner == null || !owner.activeHost().equals(self));
            return new Result.Found<>(streams.store(parameters).get(key), stale);
        } catch (InvalidStateStoreException e) {
            return new Result.Unavailable<>(allowStale ? "this instance holds no copy of " + key + " yet: retry in a few seconds"
                    : app + "'s store is being restored or migrated: retry in a few seconds, or add ?allowStale=true");
        }
    }

    private static <V> Result<V> forwarded(Peers.Answer answer) {
        return new Result.Forwarded<>(answer.status(), answer.body());
    }
}
