package com.authledger.infra.storeddata;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of a stored record type with every component set, none to its type's default: a fixture written from
 * it shows every property the type stores, and an instance read back from a fixture equals it only if every property
 * was read. Values follow the component's position, not its name, so a component renamed in place keeps its value
 * (the upcaster's test then compares old and new directly).
 */
final class Samples {

    static final Instant AT = Instant.parse("2026-11-30T09:15:30.123456Z");

    private Samples() {
    }

    static <T extends Record> T of(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getGenericType(), type.getSimpleName() + "#" + i, i);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no canonical constructor on " + type, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(Type type, String label, int position) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            Type element = parameterized.getActualTypeArguments()[0];
            if (element instanceof Class<?> enumType && enumType.isEnum()) {
                return List.of(enumType.getEnumConstants());
            }
            List<Object> list = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                list.add(value(element, label + "." + i, position + i));
            }
            return List.copyOf(list);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return label;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == int.class || raw == Integer.class) {
            return 2 + position;
        }
        if (raw == long.class || raw == Long.class) {
            return 1_000_000L + position;
        }
        if (raw == Instant.class) {
            return AT.plusSeconds(position);
        }
        if (raw == Duration.class) {
            return Duration.ofMinutes(position + 1L);
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[position % constants.length];
        }
        if (raw.isRecord()) {
            return of((Class<? extends Record>) raw);
        }
        throw new IllegalArgumentException("no sample value for " + type + " (" + label + "): add one here");
    }
}
