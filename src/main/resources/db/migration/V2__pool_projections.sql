-- Read models of the pool-mfa-config processing group. Rebuilt by replay: the reset handlers empty them.

-- One row per pool: what GET /pools lists.
CREATE TABLE pool (
    pool_id                     VARCHAR(64)  NOT NULL,
    name                        VARCHAR(512) NOT NULL,
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by                  VARCHAR(255),
    auto_verified_attributes    VARCHAR(255) NOT NULL,
    verification_sms_message    VARCHAR(1024) NOT NULL,
    verification_email_message  TEXT         NOT NULL,
    global_index                BIGINT       NOT NULL,
    CONSTRAINT pk_pool PRIMARY KEY (pool_id)
);
CREATE UNIQUE INDEX ix_pool_listing ON pool (global_index);

-- Every MFA configuration a pool ever had, valid over [valid_from, valid_to); the current one has no valid_to.
CREATE TABLE pool_mfa_config_version (
    pool_id                 VARCHAR(64)  NOT NULL,
    version                 BIGINT       NOT NULL,
    valid_from              TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_to                TIMESTAMP WITH TIME ZONE,
    mfa_mode                VARCHAR(16)  NOT NULL,
    sms_enabled             BOOLEAN      NOT NULL,
    sms_message             VARCHAR(1024) NOT NULL,
    totp_enabled            BOOLEAN      NOT NULL,
    adaptive_enabled        BOOLEAN      NOT NULL,
    sender_credentials_ref  VARCHAR(2048),
    sender_external_id      VARCHAR(1224),
    sender_region           VARCHAR(32),
    CONSTRAINT pk_pool_mfa_config_version PRIMARY KEY (pool_id, version)
);
CREATE INDEX ix_pool_mfa_config_validity ON pool_mfa_config_version (pool_id, valid_from);

-- The audit trail of MFA configuration changes: one row per change, with who, when, from where, before and after.
CREATE TABLE mfa_config_audit (
    event_id      VARCHAR(64)  NOT NULL,
    global_index  BIGINT       NOT NULL,
    pool_id       VARCHAR(64)  NOT NULL,
    scope         VARCHAR(16)  NOT NULL,
    change_type   VARCHAR(64)  NOT NULL,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(255) NOT NULL,
    source_ip     VARCHAR(64),
    user_agent    VARCHAR(512),
    request_id    VARCHAR(128),
    reason        VARCHAR(2048),
    version       BIGINT       NOT NULL,
    before_config TEXT,
    after_config  TEXT         NOT NULL,
    CONSTRAINT pk_mfa_config_audit PRIMARY KEY (event_id)
);
CREATE UNIQUE INDEX ix_mfa_config_audit_order ON mfa_config_audit (global_index);
CREATE INDEX ix_mfa_config_audit_pool ON mfa_config_audit (pool_id, global_index);
CREATE INDEX ix_mfa_config_audit_time ON mfa_config_audit (occurred_at, global_index);
CREATE INDEX ix_mfa_config_audit_actor ON mfa_config_audit (actor, global_index);
