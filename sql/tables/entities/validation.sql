SELECT e.*,
       (SELECT count(*) FROM entity_mentions m WHERE m.entity_id = e.entity_id) AS mention_count
FROM entities e;
