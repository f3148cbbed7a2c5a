INSERT INTO pipeline_runs BY NAME SELECT * FROM batch_pipeline_run;
