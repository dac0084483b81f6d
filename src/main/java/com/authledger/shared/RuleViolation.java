package com.authledger.shared;

/** A rule of the domain refused a command given the current state; nothing was appended. */
public class RuleViolation extends AuthledgerException {

    public RuleViolation(ErrorCode code, String message) {
        super(code, message);
    }
}
