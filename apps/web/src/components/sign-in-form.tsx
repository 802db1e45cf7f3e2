'use client';

import { Alert, Button, TextField } from '@virtual-care/ui';
import { useActionState } from 'react';
import { signInAction } from '../server/sign-in.action';
import { initialSignInFormState } from '../server/sign-in-form-state';

/**
 * Email + password. A server-action form: it also works with JavaScript off
 * (the browser posts it and the page comes back with the message).
 */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signInAction, initialSignInFormState);
  return (
    <form action={formAction} noValidate className="vc-stack">
      {state.error ? (
        <Alert tone="error" id="signin-error">
          {state.error}
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          defaultValue={state.email}
          error={state.fieldErrors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={state.fieldErrors.password}
        />
      </div>
      <Button type="submit" block disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
