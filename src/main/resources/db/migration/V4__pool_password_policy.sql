-- Each pool's password policy, kept by the pool projection. Pools created before pools had a password policy have
-- the defaults (at least 8 characters, with uppercase, lowercase, numbers and symbols), set at their creation
-- (version 0), which is what these column defaults give the existing rows. One column per statement: H2 and
-- PostgreSQL share no syntax for adding several at once.
ALTER TABLE pool ADD COLUMN password_minimum_length INTEGER NOT NULL DEFAULT 8;
ALTER TABLE pool ADD COLUMN password_require_uppercase BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE pool ADD COLUMN password_require_lowercase BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE pool ADD COLUMN password_require_numbers BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE pool ADD COLUMN password_require_symbols BOOLEAN NOT NULL DEFAULT TRUE;
-- The sequence number of the pool event that set the policy: 0 for its creation.
ALTER TABLE pool ADD COLUMN password_policy_version BIGINT NOT NULL DEFAULT 0;
