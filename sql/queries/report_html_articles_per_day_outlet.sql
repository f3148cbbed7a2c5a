-- Published articles per publication day (NULL: undated) and outlet, for the HTML report's chart.
SELECT published_date AS day, coalesce(outlet, '(unknown)') AS outlet, count(*) AS articles
FROM articles
GROUP BY ALL
ORDER BY day NULLS LAST, outlet;
