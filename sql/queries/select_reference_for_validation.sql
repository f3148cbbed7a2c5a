-- One declared reference of the staged tables, {table}.{column} naming a row of {target} by
-- {target_key}, for the references suite: each staged row's key with whether the row it names
-- is staged too. NULL names nothing. A template: tables.Registry.references_query fills in the
-- validated names of every reference of every table.toml and joins them with UNION ALL.
SELECT '{table}' AS referencing_table, '{column}' AS referencing_column,
       '{target}' AS referenced_table, CAST(r.{column} AS VARCHAR) AS key,
       EXISTS (SELECT 1 FROM {target} t WHERE t.{target_key} = r.{column}) AS reference_exists
FROM {table} r
WHERE r.{column} IS NOT NULL
