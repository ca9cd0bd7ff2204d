package dev.fulcrum.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * Pretty JSON for metrics.json, bundle.json, provenance.json and the result records; NaN and
 * infinities become null (valid JSON), in maps and in record fields alike.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(nonFiniteAsNull());

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(sanitize(value)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    /** A record as the nested maps and lists its JSON holds (non-finite numbers as null). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(Object value) {
        return MAPPER.convertValue(value, Map.class);
    }

    private static SimpleModule nonFiniteAsNull() {
        JsonSerializer<Double> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
        };
        SimpleModule m = new SimpleModule("fulcrum-non-finite-as-null");
        m.addSerializer(Double.class, doubles);
        m.addSerializer(Double.TYPE, doubles);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String json) {
        try {
            return MAPPER.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object sanitize(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (v instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, sanitize(x)));
            return out;
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.stream().map(Json::sanitize).toList();
        }
        if (v instanceof double[] a) {
            return java.util.Arrays.stream(a).mapToObj(x -> sanitize(x)).toList();
        }
        return v;
    }
}
