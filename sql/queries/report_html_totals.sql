-- Headline counts for the HTML report (newsflow report --html).
SELECT (SELECT count(*) FROM articles) AS articles,
       (SELECT count(DISTINCT story_id) FROM stories) AS stories,
       (SELECT count(*) FROM entities) AS entities,
       (SELECT count(*) FROM entity_mentions) AS mentions,
       (SELECT count(*) FROM quotations) AS quotations,
       (SELECT count(DISTINCT outlet) FROM articles) AS outlets,
       (SELECT count(*) FROM quarantine) AS quarantined,
       (SELECT count(*) FROM pipeline_runs) AS runs;
