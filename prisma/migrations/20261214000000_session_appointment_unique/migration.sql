-- One session per scheduling appointment in a tenant (issue 19). The worker's check-then-create
-- of a booked appointment was not atomic: two deliveries of one event handled at once (two
-- workers, or a redelivery racing a slow first try) could both create a session. The index
-- makes the second insert fail with unique_violation, which the worker takes as "already done".
-- Sessions created without an appointment (appointment_id NULL) are not constrained.
CREATE UNIQUE INDEX uq_virtual_sessions_tenant_appointment
    ON virtual_sessions (tenant_id, appointment_id);
