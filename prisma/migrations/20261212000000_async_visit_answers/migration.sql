-- The patient's answers to the intake questions travel with an async visit (issue 17):
-- an ordered JSON array of {"questionId", "question", "answer"}, the question as the
-- patient read it, in their language. Visits submitted before carry none. The table's
-- RLS policies (tenant isolation, a patient's own visits, the worker's) cover the column.
ALTER TABLE async_visits
    ADD COLUMN answers JSONB NOT NULL DEFAULT '[]',
    ADD CONSTRAINT ck_async_visits_answers_array CHECK (jsonb_typeof(answers) = 'array');
