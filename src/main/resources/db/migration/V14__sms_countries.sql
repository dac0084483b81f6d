-- A pool's SMS country list, as a comma-separated list of ISO 3166-1 alpha-2 codes; NULL: every country (what every
-- configuration stored before the lists existed means).
ALTER TABLE pool_mfa_config_version ADD COLUMN sms_countries VARCHAR(1000);
