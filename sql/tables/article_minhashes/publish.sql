INSERT OR REPLACE INTO article_minhashes SELECT * FROM staged_article_minhashes;
