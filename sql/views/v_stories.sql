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
