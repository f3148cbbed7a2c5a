-- Who said what: one quotation per row, direct (between quotation marks) or reported ("X said
-- that ...", "according to X"), with its speaker as written and, where the article names one,
-- the speaker's canonical entity and type. Offsets are character offsets into articles.text: content
-- runs from start_char to end_char (a split quotation's pieces are joined in `content`).
-- quote_id is unique (checked per batch; a republished article's quotations are deleted first)
-- but not declared a key, for the reason given in create_entity_mentions.sql.
CREATE TABLE IF NOT EXISTS quotations (
    quote_id           VARCHAR NOT NULL,
    article_id         VARCHAR NOT NULL,
    content            VARCHAR NOT NULL,
    speaker            VARCHAR,
    speaker_entity_id  VARCHAR,
    cue                VARCHAR,
    direct             BOOLEAN NOT NULL,
    start_char         INTEGER NOT NULL,
    end_char           INTEGER NOT NULL,
    sentence           VARCHAR NOT NULL,
    speaker_type       VARCHAR,
    speaker_anonymous  BOOLEAN
);
