package com.authledger.infra;

import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;

/**
 * Who asked for a change and from where: travels as command metadata and, through the correlation data provider,
 * onto every event the command causes, where the audit trail reads it.
 *
 * @param sourceIp  the address the request came from (the TCP peer, or what a trusted proxy forwarded)
 * @param endUserIp the end user's address on the paths an end user drives: the context a host service passes on their
 *                  behalf (sign-in, sign-up, codes, resets), else {@code sourceIp}; null on an administrator's paths.
 *                  Budgets and limits per source address count it.
 */
public record RequestMetadata(String actor, String sourceIp, String userAgent, String requestId, String reason,
                              String endUserIp) {

    public static final String ACTOR = "actor";
    public static final String SOURCE_IP = "sourceIp";
    public static final String USER_AGENT = "userAgent";
    public static final String REQUEST_ID = "requestId";
    public static final String REASON = "reason";
    public static final String END_USER_IP = "endUserIp";
    public static final String[] KEYS = {ACTOR, SOURCE_IP, USER_AGENT, REQUEST_ID, REASON, END_USER_IP};
    /** The longest user agent kept: a longer header is cut to this, a longer one given in a body is refused. */
    public static final int MAX_USER_AGENT_LENGTH = 512;

    /** Metadata of a path no end user drives. */
    public RequestMetadata(String actor, String sourceIp, String userAgent, String requestId, String reason) {
        this(actor, sourceIp, userAgent, requestId, reason, null);
    }

    /**
     * The same, on a path an end user drives: {@code contextIp} is their address as the caller passed it (already
     * checked to be an address), or null when the caller is the end user, whose address is then the request's.
     */
    public RequestMetadata onBehalfOf(String contextIp) {
        return new RequestMetadata(actor, sourceIp, userAgent, requestId, reason,
                contextIp != null ? contextIp : sourceIp);
    }

    public MetaData toMetaData() {
        Map<String, Object> values = new HashMap<>(8);
        put(values, ACTOR, actor);
        put(values, SOURCE_IP, sourceIp);
        put(values, USER_AGENT, userAgent);
        put(values, REQUEST_ID, requestId);
        put(values, REASON, reason);
        put(values, END_USER_IP, endUserIp);
        return MetaData.from(values);
    }

    public static RequestMetadata from(MetaData metaData) {
        return new RequestMetadata((String) metaData.get(ACTOR), (String) metaData.get(SOURCE_IP),
                (String) metaData.get(USER_AGENT), (String) metaData.get(REQUEST_ID), (String) metaData.get(REASON),
                (String) metaData.get(END_USER_IP));
    }

    /** A user agent header as kept: cut to {@link #MAX_USER_AGENT_LENGTH}. */
    public static String userAgentOf(String header) {
        return header == null || header.length() <= MAX_USER_AGENT_LENGTH ? header
                : header.substring(0, MAX_USER_AGENT_LENGTH);
    }

    private static void put(Map<String, Object> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
