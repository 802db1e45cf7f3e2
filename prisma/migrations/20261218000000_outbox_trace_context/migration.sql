-- The W3C trace context of the request that wrote the event (decision 0042): the relay publishes the
-- event in a span continuing that trace, and carries it in the CloudEvent's `traceparent` and `tracestate`
-- attributes. NULL when tracing is off (OTEL_EXPORTER_OTLP_ENDPOINT unset) or the write was not traced.
ALTER TABLE virtual_care_outbox
    ADD COLUMN traceparent TEXT,
    ADD COLUMN tracestate  TEXT;
