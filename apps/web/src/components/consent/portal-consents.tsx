'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Panel } from '@virtual-care/ui';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../clinician/error-messages';
import { formatDateTime } from '../clinician/format';

/** The current consent texts with the signed-in patient's decision on each, and grant / withdraw. */
export function PortalConsents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const texts = useQuery(trpc.consents.texts.queryOptions());
  const mine = useQuery(trpc.consents.mine.queryOptions());
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.consents.mine.queryKey() });
  const grant = useMutation(trpc.consents.grant.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.consents.revoke.mutationOptions({ onSuccess: refresh }));
  const failure = grant.error ?? revoke.error ?? mine.error ?? texts.error;

  if (texts.isPending || mine.isPending) return <p role="status">Loading your consents…</p>;
  return (
    <div className="vc-stack">
      {failure ? <Alert tone="error">{errorMessage(failure)}</Alert> : null}
      {(texts.data?.items ?? []).map((text) => {
        const state = mine.data?.current.find((c) => c.type === text.type);
        const granted = state?.granted ?? false;
        const busy = grant.isPending || revoke.isPending;
        return (
          <Panel key={text.type} title={text.title} data-testid={`consent-${text.type}`}>
            <div className="vc-stack">
              <p>{text.body}</p>
              <p className="vc-field__description">
                Text version {text.version}.{' '}
                {state?.latest
                  ? `${granted ? 'You agreed' : 'You withdrew'} on ${formatDateTime(state.latest.capturedAt)}.`
                  : 'You have not decided yet.'}
              </p>
              <p>
                <strong data-testid={`consent-${text.type}-status`}>
                  {granted ? 'Agreed' : 'Not agreed'}
                </strong>
              </p>
              <div>
                {granted ? (
                  <Button
                    variant="secondary"
                    disabled={busy}
                    onClick={() => revoke.mutate({ type: text.type, textVersion: text.version })}
                  >
                    Withdraw consent
                  </Button>
                ) : (
                  <Button
                    disabled={busy}
                    onClick={() => grant.mutate({ type: text.type, textVersion: text.version })}
                  >
                    I agree
                  </Button>
                )}
              </div>
            </div>
          </Panel>
        );
      })}
    </div>
  );
}
