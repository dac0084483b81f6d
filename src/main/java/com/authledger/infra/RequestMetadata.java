package com.authledger.infra;

import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;

/**
 * Who asked for a change and from where: travels as command metadata and, through the correlation data provider,
 * onto every event the command causes, where the audit trail reads it.
 */
public record RequestMetadata(String actor, String sourceIp, String userAgent, String requestId, String reason) {

    public static final String ACTOR = "actor";
    public static final String SOURCE_IP = "sourceIp";
    public static final String USER_AGENT = "userAgent";
    public static final String REQUEST_ID = "requestId";
    public static final String REASON = "reason";
    public static final String[] KEYS = {ACTOR, SOURCE_IP, USER_AGENT, REQUEST_ID, REASON};
    /** The longest user agent kept: a longer header is cut to this, a longer one given in a body is refused. */
    public static final int MAX_USER_AGENT_LENGTH = 512;

    public MetaData toMetaData() {
        Map<String, Object> values = new HashMap<>(8);
        put(values, ACTOR, actor);
        put(values, SOURCE_IP, sourceIp);
        put(values, USER_AGENT, userAgent);
        put(values, REQUEST_ID, requestId);
        put(values, REASON, reason);
        return MetaData.from(values);
    }

    public static RequestMetadata from(MetaData metaData) {
        return new RequestMetadata((String) metaData.get(ACTOR), (String) metaData.get(SOURCE_IP),
                (String) metaData.get(USER_AGENT), (String) metaData.get(REQUEST_ID), (String) metaData.get(REASON));
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
