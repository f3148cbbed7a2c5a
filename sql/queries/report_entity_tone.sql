-- Tone toward the N ($1) most mentioned people and organisations (by mentions scored), outlet
-- by outlet, for `newsflow report` and the HTML report.
WITH per_outlet AS (
    SELECT entity_id, canonical_name, label, coalesce(outlet, '(no outlet)') AS outlet,
           sum(mentions_scored) AS mentions, sum(negative) AS negative,
           sum(neutral) AS neutral, sum(positive) AS positive,
           sum(mean_score * mentions_scored) / sum(mentions_scored) AS mean_score
    FROM v_entity_tone
    WHERE label IN ('PERSON', 'ORG')
    GROUP BY ALL
), ranked AS (
    SELECT *, sum(mentions) OVER (PARTITION BY entity_id) AS entity_mentions
    FROM per_outlet
), top AS (
    SELECT DISTINCT entity_id, entity_mentions, canonical_name FROM ranked
    ORDER BY entity_mentions DESC, canonical_name
    LIMIT $1
)
SELECT r.canonical_name AS entity, r.label, r.outlet, r.mentions, r.negative, r.neutral,
       r.positive, round(r.mean_score, 2) AS mean_score
FROM ranked r
JOIN top USING (entity_id)
ORDER BY r.entity_mentions DESC, r.canonical_name, r.mentions DESC, r.outlet;
