INSERT INTO demonym_mentions SELECT * FROM staged_demonym_mentions;
