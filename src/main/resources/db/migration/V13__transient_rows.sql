-- Unauthenticated requests leave no permanent row (issue: no public path is unbounded).

-- A USER_SRP_AUTH initiation stores nothing: its PASSWORD_VERIFIER session is a sealed ticket. A ticket answered
-- with a verdict is spent here until it expires, so that it answers once, whether or not its name matched a user.
CREATE TABLE spent_ticket (
    session_id  VARCHAR(32) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_spent_ticket PRIMARY KEY (session_id)
);
CREATE INDEX ix_spent_ticket_expiry ON spent_ticket (expires_at);

-- A name's failures stop counting 15 minutes after the last one; its row is deleted then.
CREATE INDEX ix_unknown_name_failure_last ON unknown_name_failure (last_failure_at);

-- Refusals of requests that append nothing, counted for auditors once per pool, reason and hour. The pool is ''
-- when the request named none (or one that does not exist).
CREATE TABLE refusal_count (
    pool_id     VARCHAR(64) NOT NULL,
    reason      VARCHAR(40) NOT NULL,
    hour_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    refusals    BIGINT      NOT NULL,
    CONSTRAINT pk_refusal_count PRIMARY KEY (pool_id, reason, hour_start)
);
CREATE INDEX ix_refusal_count_hour ON refusal_count (hour_start);
