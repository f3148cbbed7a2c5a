-- A quotation that is gone (its article republished with other content, or pruned) leaves its
-- cluster; the cluster keeps its id while other members remain.
DELETE FROM quote_clusters WHERE quote_id NOT IN (SELECT quote_id FROM quotations);
