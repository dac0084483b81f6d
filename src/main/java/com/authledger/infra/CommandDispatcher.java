package com.authledger.infra;

import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * The one way adapters send commands: with the caller's metadata attached, and with a lost append race (another
 * node wrote the same aggregate first) retried against the fresh state, a few times, before giving up.
 */
@Component
public class CommandDispatcher {

    static final int ATTEMPTS = 4;

    private final CommandGateway gateway;

    public CommandDispatcher(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * @param notFound what to answer when the command targets an aggregate that does not exist
     */
    public <R> R send(Object command, RequestMetadata origin, AuthledgerException notFound) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(origin.toMetaData()));
            } catch (ConcurrencyException raced) {
                if (attempt == ATTEMPTS) {
                    throw new AuthledgerException(ErrorCode.ConcurrentModification,
                            "Another change to the same resource won the race repeatedly; try again.");
                }
            } catch (AggregateStreamCreationException taken) {
                // a new aggregate's id was already in use: for generated ids, a one in 10^16 event
                throw new AuthledgerException(ErrorCode.ConcurrentModification,
                        "The generated identifier was already taken; send the request again.");
            } catch (AggregateNotFoundException missing) {
                throw notFound;
            } catch (CommandExecutionException wrapped) {
                if (wrapped.getCause() instanceof AuthledgerException refusal) {
                    throw refusal;
                }
                throw wrapped;
            }
        }
    }
}
