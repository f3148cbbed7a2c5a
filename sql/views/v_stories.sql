-- One row per story: its representative's title, how many articles and outlets ran it, and when.
-- count(*) here is the number of distinct stories, as count(*) on articles is of articles.
CREATE OR REPLACE VIEW v_stories AS
SELECT s.story_id, r.title AS representative_title, count(*) AS articles,
       count(DISTINCT a.outlet) AS outlets,
       list_sort(list_distinct(list(coalesce(a.outlet, '(unknown)')))) AS outlet_names,
       min(a.published_date) AS first_day, max(a.published_date) AS latest_day,
       min(s.similarity) AS min_similarity, s.representative_id
FROM stories s
JOIN articles a USING (article_id)
LEFT JOIN articles r ON r.article_id = s.representative_id
GROUP BY s.story_id, s.representative_id, r.title
ORDER BY articles DESC, first_day, s.story_id;

COMMENT ON VIEW v_stories IS 'One row per story: its representative''s title, how many articles and outlets ran it, and when.';
COMMENT ON COLUMN v_stories.story_id IS 'The story (stories.story_id).';
COMMENT ON COLUMN v_stories.representative_title IS 'Title of the story''s representative (earliest) article.';
COMMENT ON COLUMN v_stories.articles IS 'Articles in the story.';
COMMENT ON COLUMN v_stories.outlets IS 'Distinct outlets that ran it.';
COMMENT ON COLUMN v_stories.outlet_names IS 'Those outlets, sorted; ''(unknown)'' for articles without one.';
COMMENT ON COLUMN v_stories.first_day IS 'Earliest publication day among its articles.';
COMMENT ON COLUMN v_stories.latest_day IS 'Latest publication day among its articles.';
COMMENT ON COLUMN v_stories.min_similarity IS 'Lowest similarity of a member to the representative.';
COMMENT ON COLUMN v_stories.representative_id IS 'The representative article (articles.article_id).';
