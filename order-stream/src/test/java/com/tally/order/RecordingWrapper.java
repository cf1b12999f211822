package com.tally.order;

import com.tally.platform.KafkaConfig;
import com.tally.schemas.OrderState;
import com.tally.schemas.OrderStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
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
 * A processor wrapper (Kafka's {@code processor.wrapper.class}) that records the names of the
 * processors it wraps and, around apply-to-order, what each record left in the order-state store.
 * It proves the hook a deliberately broken build uses: a wrapper given in the app's settings
 * reaches the named processors and, through them, their stores. Kafka creates the wrapper from
 * its class name, so what it saw goes to a {@link Seen} handed over in the same settings, or,
 * when it is named in the environment (which carries only text), to {@link #IN_THIS_JVM}.
 */
public final class RecordingWrapper implements ProcessorWrapper {

    private static final String SEEN = "tally.test.recording-wrapper.seen";

    /** Where a wrapper named by {@code TALLY_KAFKA_PROCESSOR_WRAPPER_CLASS} reports. */
    static final Seen IN_THIS_JVM = new Seen();

    private Seen seen;

    /** What the wrapper saw, written from the stream thread and read by the test. */
    static final class Seen {
        final List<String> wrapped = new CopyOnWriteArrayList<>();
        final List<Stored> stored = new CopyOnWriteArrayList<>();
    }

    /** An order's status in order-state right after apply-to-order processed a record for it. */
    record Stored(String orderId, OrderStatus status) {
    }

    /** The Streams settings that install this wrapper, reporting to {@code seen}. */
    static Map<String, Object> settings(Seen seen) {
        return Map.of(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, RecordingWrapper.class, SEEN, seen);
    }

    /** The environment that installs this wrapper in an app, reporting to {@link #IN_THIS_JVM}. */
    static Map<String, String> environment() {
        return Map.of(KafkaConfig.CLIENT_SETTING_PREFIX + "PROCESSOR_WRAPPER_CLASS", RecordingWrapper.class.getName());
    }

    @Override
    public void configure(Map<String, ?> configs) {
        seen = configs.get(SEEN) instanceof Seen handed ? handed : IN_THIS_JVM;
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        seen.wrapped.add(processorName);
        if (!processorName.equals("apply-to-order")) {
            return ProcessorWrapper.asWrapped(supplier);
        }
        return new WrappedProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new ReadOrderStateAfter<>(supplier.get(), seen);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        seen.wrapped.add(processorName);
        return ProcessorWrapper.asWrappedFixedKey(supplier);
    }

    /** Runs the wrapped processor, then reads what it stored through the store it is connected to by name. */
    private static final class ReadOrderStateAfter<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

        private final Processor<KIn, VIn, KOut, VOut> inner;
        private final Seen seen;
        private KeyValueStore<String, OrderState> orders;

        ReadOrderStateAfter(Processor<KIn, VIn, KOut, VOut> inner, Seen seen) {
            this.inner = inner;
            this.seen = seen;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            inner.init(context);
            orders = context.getStateStore(StoreNames.ORDER_STATE);
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            inner.process(record);
            String orderId = (String) record.key();
            OrderState order = orders.get(orderId);
            seen.stored.add(new Stored(orderId, order == null ? null : order.getStatus()));
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
