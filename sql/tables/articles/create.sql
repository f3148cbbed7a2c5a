-- One clean article per successfully cleaned document; article_id is the document's content hash.
CREATE TABLE IF NOT EXISTS articles (
    article_id      VARCHAR PRIMARY KEY,
    source          VARCHAR NOT NULL,
    title           VARCHAR,
    text            VARCHAR NOT NULL,
    authors         VARCHAR[] NOT NULL,
    published_date  DATE,
    outlet          VARCHAR,
    language        VARCHAR,
    word_count      INTEGER NOT NULL,
    cleaner_version VARCHAR, -- line model (with its training data) and rules version
    ner_model       VARCHAR  -- spaCy model that tagged it; NULL: no model for its language
);
