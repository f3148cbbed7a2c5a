INSERT INTO quote_clusters SELECT * FROM staged_quote_clusters;
