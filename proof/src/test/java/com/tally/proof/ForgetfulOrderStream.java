package com.tally.proof;

import com.tally.order.StoreNames;
import com.tally.platform.KafkaConfig;
import com.tally.schemas.OrderState;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The broken build the verifier must catch, assembled around the real order-stream by Kafka's own
 * processor wrapper ({@code processor.wrapper.class}, given through {@link #ENVIRONMENT}): both
 * dedupe steps pass every webhook on, and before each input the order forgets which charges it
 * recorded. A repeated delivery then records its charge twice, which is what the verifier is for.
 */
public final class ForgetfulOrderStream implements ProcessorWrapper {

    /** What switches it on in an order-stream started from this environment. */
    static final Map<String, String> ENVIRONMENT =
            Map.of(KafkaConfig.CLIENT_SETTING_PREFIX + "PROCESSOR_WRAPPER_CLASS", ForgetfulOrderStream.class.getName());

    /** order-stream's two dedupe processors, as its pinned topology names them. */
    private static final Set<String> DEDUPES = Set.of("drop-repeated-deliveries", "drop-repeated-facts");
    private static final String STATE_MACHINE = "apply-to-order";

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        if (!DEDUPES.contains(processorName)) {
            return ProcessorWrapper.asWrappedFixedKey(supplier);
        }
        return new WrappedFixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<KIn, VIn, VOut> get() {
                return new PassEverything<>();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        if (!processorName.equals(STATE_MACHINE)) {
            return ProcessorWrapper.asWrapped(supplier);
        }
        return new WrappedProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new ForgetChargesBefore<>(supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    /** A dedupe that remembers nothing. */
    private static final class PassEverything<KIn, VIn, VOut> implements FixedKeyProcessor<KIn, VIn, VOut> {
        private FixedKeyProcessorContext<KIn, VOut> context;

        @Override
        public void init(FixedKeyProcessorContext<KIn, VOut> context) {
            this.context = context;
        }

        @SuppressWarnings("unchecked")
        @Override
        public void process(FixedKeyRecord<KIn, VIn> record) {
            context.forward((FixedKeyRecord<KIn, VOut>) record);
        }
    }

    /** The state machine, run on an order that no longer knows which charges it recorded. */
    private static final class ForgetChargesBefore<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> inner;
        private KeyValueStore<String, OrderState> orders;

        ForgetChargesBefore(Processor<KIn, VIn, KOut, VOut> inner) {
            this.inner = inner;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            inner.init(context);
            orders = context.getStateStore(StoreNames.ORDER_STATE);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            String orderId = (String) record.key();
            OrderState order = orders.get(orderId);
            if (order != null) {
                orders.put(orderId, OrderState.newBuilder(order).setChargeAccounts(Map.of()).build());
            }
            inner.process(record);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
