-- A pool's deletion is an entry of the MFA configuration audit trail: its "before" is the pool's last configuration,
-- and it has no "after".
ALTER TABLE mfa_config_audit ALTER COLUMN after_config DROP NOT NULL;

-- When the pool's configuration (MFA or password policy) last changed: Cognito's LastModifiedDate. Rebuilt by replay;
-- rows projected before this column take their creation time until then.
ALTER TABLE pool ADD COLUMN last_modified_at TIMESTAMP WITH TIME ZONE;
UPDATE pool SET last_modified_at = created_at;
