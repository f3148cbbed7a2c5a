-- Documentation of v_stories for duckdb_views() / duckdb_columns(), applied by create_schema.
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
