package com.authledger.email;

/**
 * One email to send: the pool it is sent for, the address, a one-line subject, the plain text, and what it is for.
 * It exists only in memory: handed to a transport after the transaction that caused it committed, never stored.
 */
public record EmailMessage(String poolId, String destination, String subject, String text, String purpose) {

    @Override
    public String toString() {
        // never let a log line carry the address or the code
        return "EmailMessage[pool=" + poolId + ", purpose=" + purpose + "]";
    }
}
