package com.authledger.shared;

/**
 * A transport (SMS or email) did not deliver a message. Its message names the cause (an HTTP status, a refused
 * login), never the destination or the text, so it may be logged as it is; failures of other types are logged by
 * their class alone, since providers' own messages may quote the number or the address.
 */
public class TransportFailure extends RuntimeException {

    public TransportFailure(String message) {
        super(message, null, false, false);
    }
}
