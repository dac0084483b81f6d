package com.authledger.infra;

import com.authledger.support.IntegrationTest;
import com.authledger.signin.api.SignInCommand;
import com.authledger.user.api.UserCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CommandTargets} answers as Axon's annotation resolver does, and is the one the aggregates use. */
class CommandTargetsTest {

    private final CommandTargetResolver targets = new CommandTargets();
    private final CommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    record OnComponent(@TargetAggregateIdentifier String id, String other) {
    }

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Integer version) {
    }

    static class OnMethod {
        @TargetAggregateIdentifier
        String target() {
            return "from-method";
        }
    }

    static class Inherited extends OnMethod {
    }

    static class VersionAsText {
        @TargetAggregateIdentifier
        private final String id = "a";
        @TargetAggregateVersion
        private final String version;

        VersionAsText(String version) {
            this.version = version;
        }
    }

    record Unmarked(String id) {
    }

    @Test
    void readsTheSameTargetsAsAxonsResolver() {
        for (Object command : new Object[]{new OnComponent("a-1", "x"), new Versioned("b-2", 7), new OnMethod(),
                new Inherited(), new VersionAsText("12"), new Versioned("c-3", null),
                new UserCommand.ClearSignInFailures("sub-1"),
                new SignInCommand.RevokeRefreshToken("session-1", "secret", "client")}) {
            VersionedAggregateIdentifier ours = resolve(targets, command);
            assertThat(ours).as(command.getClass().getSimpleName()).isEqualTo(resolve(axons, command));
        }
        assertThat(resolve(targets, new Versioned("b-2", 7)).getVersion()).isEqualTo(7L);
        assertThat(resolve(targets, new Inherited()).getIdentifier()).isEqualTo("from-method");
    }

    @Test
    void aCommandWithoutTargetOrWithANullOneIsRefusedAsAxonRefusesIt() {
        for (Object command : new Object[]{new Unmarked("a"), new OnComponent(null, "x")}) {
            assertThatThrownBy(() -> resolve(axons, command)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> resolve(targets, command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("@TargetAggregateIdentifier");
        }
        assertThatThrownBy(() -> resolve(targets, new VersionAsText("seven")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
    }

    private static VersionedAggregateIdentifier resolve(CommandTargetResolver resolver, Object command) {
        return resolver.resolveTarget(GenericCommandMessage.asCommandMessage(command));
    }

    /** The configuration hands every aggregate's command handler this resolver (the lookup Axon's makes). */
    @Nested
    @IntegrationTest
    class InTheApplication {

        @Autowired
        org.axonframework.config.Configuration axon;

        @Test
        void isTheConfiguredResolver() {
            assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CommandTargets.class);
        }
    }
}
