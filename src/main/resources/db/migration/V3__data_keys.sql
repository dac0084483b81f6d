-- Per-owner data keys, wrapped under a master key kept outside the database. Mutable on purpose: deleting an
-- owner's row (crypto-shredding) makes every value sealed for that owner unreadable, in events and snapshots alike.
CREATE TABLE data_key (
    owner_id      VARCHAR(128) NOT NULL,
    master_key_id VARCHAR(80)  NOT NULL,
    wrapped_key   BYTEA        NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_data_key PRIMARY KEY (owner_id)
);
CREATE INDEX ix_data_key_master ON data_key (master_key_id);
