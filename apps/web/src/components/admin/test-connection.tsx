'use client';

import { useMutation } from '@tanstack/react-query';
import { Alert, Button } from '@virtual-care/ui';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../clinician/error-messages';

/** "Test connection" against the URL in the form (before saving) or, when empty, the saved configuration. */
export function TestConnection({ jitsiServerUrl }: { jitsiServerUrl: string }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.config.testConnection.mutationOptions());
  return (
    <div className="vc-stack">
      <div>
        <Button
          variant="secondary"
          onClick={() => test.mutate(jitsiServerUrl ? { jitsiServerUrl } : {})}
          disabled={test.isPending}
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </Button>
      </div>
      <div aria-live="polite" data-testid="connection-result">
        {test.data?.healthy ? (
          <Alert tone="success" title="Connected">
            The video service answered healthy in {test.data.latencyMs} ms.
          </Alert>
        ) : test.data ? (
          <Alert tone="error" title="Not reachable">
            The video service is not healthy: {test.data.reason ?? 'no reason given'} (after{' '}
            {test.data.latencyMs} ms).
          </Alert>
        ) : test.isError ? (
          <Alert tone="error">{errorMessage(test.error)}</Alert>
        ) : null}
      </div>
    </div>
  );
}
