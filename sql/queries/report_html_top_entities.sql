-- The N ($1) most mentioned entities, for the HTML report's chart.
SELECT canonical_name, label, mentions, articles, stories
FROM v_top_entities
ORDER BY mentions DESC, canonical_name
LIMIT $1;
