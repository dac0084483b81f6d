-- Per-pool token signing keys (RSA-2048, RS256). The public half is kept as a public-only JWK; the private half is
-- sealed with the data-key vault under the owner 'signing-key:<kid>', so the table alone reveals no private key.
-- A pool's keys are numbered: the unique (pool_id, generation) makes two nodes that create a pool's first key, or
-- rotate it, at the same time end with one key per generation (the loser re-reads). The current key is the pool's
-- newest key not retired; every key not retired is published in the pool's JWKS.
CREATE TABLE signing_key (
    kid                 VARCHAR(64)  NOT NULL,
    pool_id             VARCHAR(64)  NOT NULL,
    generation          INTEGER      NOT NULL,
    public_jwk          TEXT         NOT NULL,
    sealed_private_key  TEXT         NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at          TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_signing_key PRIMARY KEY (kid)
);
CREATE UNIQUE INDEX ix_signing_key_generation ON signing_key (pool_id, generation);
