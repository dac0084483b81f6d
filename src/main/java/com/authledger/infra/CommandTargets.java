package com.authledger.infra;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Which aggregate a command targets, read from its {@link TargetAggregateIdentifier} (and, if any, its
 * {@link TargetAggregateVersion}) member, as Axon's {@code AnnotationCommandTargetResolver} does, but with the member
 * found once per command class: Axon's looks it up by reflection on every command (copying every method of the class
 * twice), which cost more CPU and garbage than any other part of dispatching a sign-in's four commands.
 */
public final class CommandTargets implements CommandTargetResolver {

    /** How to read a command class's identifier and version; version is null when the class has none. */
    private record Members(Reader identifier, Reader version) {
    }

    private interface Reader {
        Object read(Object command) throws ReflectiveOperationException;
    }

    private final ClassValue<Members> members = new ClassValue<>() {
        @Override
        protected Members computeValue(Class<?> type) {
            return new Members(reader(type, TargetAggregateIdentifier.class),
                    reader(type, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        Members of = members.get(payload.getClass());
        try {
            Object identifier = of.identifier() == null ? null : of.identifier().read(payload);
            if (identifier == null) {
                throw new IllegalArgumentException("Invalid command. It does not identify the target aggregate: a "
                        + "field or method of " + payload.getClass().getName() + " must carry "
                        + "@TargetAggregateIdentifier and hold a non-null value.");
            }
            return new VersionedAggregateIdentifier(identifier, version(of, payload));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information from "
                    + "a command", e);
        }
    }

    private static Long version(Members of, Object payload) throws ReflectiveOperationException {
        Object version = of.version() == null ? null : of.version().read(payload);
        if (version == null || version instanceof Long) {
            return (Long) version;
        }
        if (version instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(version.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
    }

    /** The member of {@code type} (or a superclass) carrying {@code annotation}, methods first as Axon does. */
    private static Reader reader(Class<?> type, Class<? extends Annotation> annotation) {
        for (Method method : ReflectionUtils.methodsOf(type)) {
            if (method.getParameterCount() == 0 && AnnotationUtils.isAnnotationPresent(method, annotation)) {
                Method accessible = ReflectionUtils.ensureAccessible(method);
                return accessible::invoke;
            }
        }
        for (Field field : ReflectionUtils.fieldsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                Field accessible = ReflectionUtils.ensureAccessible(field);
                return accessible::get;
            }
        }
        return null;
    }
}
