-- How many load generators a run's result was merged from: 1 for one generator's run, n for the
-- merge of n shards (speechload merge). Runs appended before this column were one generator's.
ALTER TABLE history_run ADD COLUMN shards INT NOT NULL DEFAULT 1;
