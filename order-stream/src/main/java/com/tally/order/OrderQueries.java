package com.tally.order;

import com.tally.schemas.OrderState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads one order from the order-state store of whichever instance owns its key: locally when
 * that is this instance, otherwise by asking the owner over HTTP (interactive queries).
 */
final class OrderQueries {

    /** What a lookup found; the HTTP layer turns each case into a status code. */
    sealed interface Lookup {
        record Found(OrderState order) implements Lookup {
        }

        record Forwarded(int status, String body) implements Lookup {
        }

        record Unavailable(String detail) implements Lookup {
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    OrderQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    Lookup find(String orderId, boolean localOnly) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(StoreNames.ORDER_STATE, orderId, Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            return new Lookup.Unavailable("order-stream is starting or rebalancing: retry in a few seconds");
        }
        if (owner.activeHost().equals(self) || localOnly) {
            return local(orderId);
        }
        return forward(owner.activeHost(), orderId);
    }

    private Lookup local(String orderId) {
        try {
            ReadOnlyKeyValueStore<String, OrderState> store = streams.store(
                    StoreQueryParameters.fromNameAndType(StoreNames.ORDER_STATE, QueryableStoreTypes.keyValueStore()));
            return new Lookup.Found(store.get(orderId));
        } catch (InvalidStateStoreException e) {
            return new Lookup.Unavailable("the order store is being restored or migrated: retry in a few seconds");
        }
    }

    private Lookup forward(HostInfo owner, String orderId) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/orders/"
                + URLEncoder.encode(orderId, StandardCharsets.UTF_8) + "?local=true");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Lookup.Forwarded(answer.statusCode(), answer.body());
        } catch (IOException e) {
            return new Lookup.Unavailable("the instance owning order " + orderId + " (" + owner + ") did not answer: retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup.Unavailable("interrupted");
        }
    }

    static Optional<OrderState> placed(OrderState state) {
        return Optional.ofNullable(state).filter(s -> s.getStatus() != null);
    }
}
