-- Access keys that sign Cognito protocol calls (AWS Signature Version 4). The secret is sealed with the data-key
-- vault under the owner 'accesskey:<id>', so the table alone reveals no secret; deleting a key sets deleted_at and
-- shreds that data key. Rows are kept (who created and deleted which key stays answerable).
CREATE TABLE access_key (
    access_key_id  VARCHAR(20)  NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    description    VARCHAR(256),
    sealed_secret  TEXT         NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     VARCHAR(200) NOT NULL,
    deleted_at     TIMESTAMP WITH TIME ZONE,
    deleted_by     VARCHAR(200),
    CONSTRAINT pk_access_key PRIMARY KEY (access_key_id)
);
