-- Budgets and limits shared by every node (message budgets, guess limits, rate limits of the unauthenticated
-- operations): uses per scope, key and fixed window. The key is a keyed HMAC of what is counted (a destination, a
-- user, a source address), never the value itself. Rows of windows long past are deleted: nothing here is permanent.
CREATE TABLE limit_counter (
    scope         VARCHAR(32)  NOT NULL,
    scope_key     VARCHAR(64)  NOT NULL,
    window_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end    TIMESTAMP WITH TIME ZONE NOT NULL,
    used          INTEGER      NOT NULL,
    CONSTRAINT pk_limit_counter PRIMARY KEY (scope, scope_key, window_start)
);
CREATE INDEX ix_limit_counter_end ON limit_counter (window_end);

-- The sign-in SMS budgets are now message budgets, counted above.
DROP TABLE sms_budget;
