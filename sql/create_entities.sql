-- One row per real-world person, organisation, place...: every spelling is an alias, the
-- canonical name is the full name its mentions resolve to most often (ties: alphabetical).
CREATE TABLE IF NOT EXISTS entities (
    entity_id       VARCHAR PRIMARY KEY,
    canonical_name  VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,
    aliases         VARCHAR[] NOT NULL
);
