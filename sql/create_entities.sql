-- One row per real-world entity that at least one published mention points to.
CREATE TABLE IF NOT EXISTS entities (
    entity_id       VARCHAR PRIMARY KEY,
    canonical_name  VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,
    aliases         VARCHAR[] NOT NULL
);
