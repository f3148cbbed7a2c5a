INSERT OR REPLACE INTO articles SELECT * FROM staged_articles;
