-- Sign-in state that is checked on every request and must agree across nodes at once, written in the transaction of
-- the command that changes it (not projections: nothing here is rebuilt by replay).

-- A token family per completed sign-in (the origin_jti of its tokens): revoked, its refresh and access tokens are
-- refused wherever they are presented.
CREATE TABLE token_family (
    family_id       VARCHAR(64)  NOT NULL,
    pool_id         VARCHAR(64)  NOT NULL,
    sub             VARCHAR(64)  NOT NULL,
    client_id       VARCHAR(128) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    revoked_reason  VARCHAR(64),
    CONSTRAINT pk_token_family PRIMARY KEY (family_id)
);
CREATE INDEX ix_token_family_sub ON token_family (sub, revoked_at);

-- SMS budgets against abuse: messages sent per scope (user, source IP, pool, everything) and fixed window.
CREATE TABLE sms_budget (
    scope         VARCHAR(16)  NOT NULL,
    scope_key     VARCHAR(128) NOT NULL,
    window_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    used          INTEGER      NOT NULL,
    CONSTRAINT pk_sms_budget PRIMARY KEY (scope, scope_key, window_start)
);

-- Failed sign-ins under names that match no user, keyed by a keyed HMAC of the normalized name (the name itself,
-- possibly a mistyped email address, is not kept): the same lockout as for users, so that it reveals nothing.
CREATE TABLE unknown_name_failure (
    pool_id          VARCHAR(64) NOT NULL,
    name_mac         VARCHAR(128) NOT NULL,
    failures         INTEGER     NOT NULL,
    last_failure_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_unknown_name_failure PRIMARY KEY (pool_id, name_mac)
);
