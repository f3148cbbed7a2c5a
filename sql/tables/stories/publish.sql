-- Staged story rows in (a published article keeps its story; a re-processed one is staged with
-- the same row). A story whose representative is leaving in this batch (its source now holds
-- other content, so articles/delete_orphans.sql removes it) moves to its earliest remaining member,
-- undated last, then by id, as stories.py's _age_order picks it (tests/test_rules_agree.py); every member's similarity is
-- re-estimated against the new representative from the MinHash signatures (share of equal
-- hash values). The leaving members' own rows go in delete_orphans.sql.
INSERT OR REPLACE INTO stories
WITH remaining AS (
    SELECT article_id, published_date FROM articles
    WHERE article_id IN (SELECT doc_id FROM document_sources)
),
members AS (
    SELECT * FROM staged_stories
    UNION ALL
    SELECT * FROM stories WHERE article_id NOT IN (SELECT article_id FROM staged_stories)
),
kept AS (
    SELECT m.*, r.published_date FROM members m JOIN remaining r USING (article_id)
),
moved AS (
    SELECT story_id,
           arg_min(article_id, (published_date IS NULL,
                                coalesce(published_date, DATE '0001-01-01'), article_id))
               AS representative_id
    FROM kept
    WHERE story_id IN (SELECT story_id FROM kept
                       WHERE representative_id NOT IN (SELECT article_id FROM remaining))
    GROUP BY story_id
),
signatures AS (
    SELECT * FROM staged_article_minhashes
    UNION ALL
    SELECT * FROM article_minhashes
    WHERE article_id NOT IN (SELECT article_id FROM staged_article_minhashes)
)
SELECT k.article_id, k.story_id,
       coalesce(n.representative_id, k.representative_id) AS representative_id,
       CASE WHEN n.representative_id IS NULL THEN k.similarity
            WHEN n.representative_id = k.article_id THEN 1.0
            ELSE coalesce(len(list_filter(list_zip(own.minhash, rep.minhash),
                                          lambda pair: pair[1] = pair[2]))::DOUBLE
                          / len(own.minhash), k.similarity)
       END AS similarity
FROM kept k
LEFT JOIN moved n USING (story_id)
LEFT JOIN signatures own ON own.article_id = k.article_id
LEFT JOIN signatures rep ON rep.article_id = n.representative_id
WHERE n.representative_id IS NOT NULL
   OR k.article_id IN (SELECT article_id FROM staged_stories);
