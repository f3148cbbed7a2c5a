-- Every article belongs to exactly one story (singletons included): near-duplicates such as one
-- wire story in several outlets share a story_id. similarity is the MinHash estimate of the
-- Jaccard similarity of word 3-shingles to the story's representative (its earliest article).
CREATE TABLE IF NOT EXISTS stories (
    article_id         VARCHAR PRIMARY KEY,
    story_id           VARCHAR NOT NULL,
    representative_id  VARCHAR NOT NULL,
    similarity         DOUBLE NOT NULL
);
