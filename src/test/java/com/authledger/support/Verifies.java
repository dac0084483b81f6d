package com.authledger.support;

import com.authledger.shared.Rule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The named rules a fixture test proves refuse (or hold): the test gives the aggregate its events, sends the command
 * that breaks the rule, and expects the rule's refusal (its code and message) with nothing appended, or exactly what
 * the rule records with a refusal it returns. {@code RulesCoveredTest} checks that every concrete {@link Rule} of the
 * main code is named by at least one such test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Verifies {

    /** The rules the annotated test proves. */
    Class<? extends Rule>[] value();
}
