package com.tally.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** A filled-in datum for any schema, so tests can write data exactly as an older release would have. */
final class SampleData {

    private SampleData() {
    }

    static Object of(Schema schema, String name) {
        return switch (schema.getType()) {
            case RECORD -> {
                var record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.name(), of(field.schema(), field.name()));
                }
                yield record;
            }
            case UNION -> of(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow(), name);
            case ARRAY -> List.of(of(schema.getElementType(), name));
            case MAP -> Map.of("k-" + name, of(schema.getValueType(), name));
            // the last symbol: not the reader's fallback, so a mapping error shows
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(schema.getEnumSymbols().size() - 1));
            case STRING -> "sample-" + name;
            case LONG -> 1_795_514_400_123L;
            case INT -> 7;
            case BYTES -> ByteBuffer.wrap(("bytes-" + name).getBytes(StandardCharsets.UTF_8));
            case BOOLEAN -> true;
            case DOUBLE -> 1.5d;
            case FLOAT -> 1.5f;
            case NULL -> null;
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
        };
    }
}
