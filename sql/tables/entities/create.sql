-- One row per real-world person, organisation, place...: every spelling is an alias, the
-- canonical name is the full name its mentions resolve to most often (ties: alphabetical).
-- Places (GPE, LOC) linked to the gazetteer carry their GeoNames id, ISO 3166 alpha-2 country and
-- coordinates (cities; countries and regions have an id or a country code, no point); a place
-- that could not be linked keeps NULLs.
CREATE TABLE IF NOT EXISTS entities (
    entity_id       VARCHAR PRIMARY KEY,
    canonical_name  VARCHAR NOT NULL,
    label           VARCHAR NOT NULL,
    aliases         VARCHAR[] NOT NULL,
    geonames_id     BIGINT,
    country_code    VARCHAR,
    latitude        DOUBLE,
    longitude       DOUBLE
);
