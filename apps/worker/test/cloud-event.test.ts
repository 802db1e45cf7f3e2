import { describe, expect, it } from 'vitest';
import { toOutboundMessage } from '../src/cloud-event';

const tenantId = '7C9E6679-7425-40DE-944B-E07FC1F90AE7';
const row = (eventType: string, payload: Record<string, unknown>) => ({
  id: '0b5f5a36-6d0e-4f4e-9f55-3f1d3c3c0a01',
  seq: '42',
  tenantId,
  eventType,
  aggregateId: 'vsn_01J0000000000000000000000',
  payload,
  createdAt: new Date('2026-05-01T09:31:00.000Z'),
  traceContext: null,
});

describe('outbox row -> NATS subject and CloudEvent (decision 0018)', () => {
  it('a domain event goes to the tenant subject of its type; the CloudEvent type stays the spec name', () => {
    const { subject, event } = toOutboundMessage(
      row('virtual_care.session.created.v1', {
        id: 'evt_1',
        occurredAt: '2026-05-01T09:30:00.000Z',
        payload: { sessionId: 'vsn_1' },
      }),
      'vct',
    );
    expect(subject).toBe('vct.7c9e6679-7425-40de-944b-e07fc1f90ae7.session.created.v1');
    expect(event).toMatchObject({
      id: 'evt_1',
      type: 'virtual_care.session.created.v1',
      tenantid: tenantId,
      data: { sessionId: 'vsn_1' },
    });
  });

  it('an audit event goes to the tenant subject of its audit type', () => {
    const { subject, event } = toOutboundMessage(
      row('CONSENT_GATE_BLOCKED', { actorId: 'u1', subjectId: 'p1', details: {} }),
    );
    expect(subject).toBe(
      'virtual_care.7c9e6679-7425-40de-944b-e07fc1f90ae7.audit.consent_gate_blocked',
    );
    expect(event.type).toBe('virtual_care.audit.consent_gate_blocked');
  });

  it('an event written in a traced request carries its trace context as the Distributed Tracing extension', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const traced = toOutboundMessage({
      ...row('virtual_care.session.ended.v1', { id: 'evt_2', payload: {} }),
      traceContext: { traceparent, tracestate: 'vc=1' },
    }).event;
    expect(traced).toMatchObject({ traceparent, tracestate: 'vc=1' });
    const untraced = toOutboundMessage(row('virtual_care.session.ended.v1', { id: 'evt_3' })).event;
    expect(untraced).not.toHaveProperty('traceparent');
    expect(untraced).not.toHaveProperty('tracestate');
  });

  it('refuses a tenant id that is not a UUID (it would not be one subject token)', () => {
    expect(() =>
      toOutboundMessage({ ...row('virtual_care.session.created.v1', {}), tenantId: 'a.>' }),
    ).toThrow(/UUID/);
  });
});
