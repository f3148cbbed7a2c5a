-- MinHash signature of each article's text, kept so later batches are matched against published
-- articles through LSH instead of re-reading their text.
CREATE TABLE IF NOT EXISTS article_minhashes (
    article_id  VARCHAR PRIMARY KEY,
    minhash     BIGINT[] NOT NULL
);
