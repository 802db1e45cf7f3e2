'use client';

import { Alert, Button, TextField } from '@virtual-care/ui';
import { useActionState } from 'react';
import { signInAction } from '../server/sign-in.action';
import { initialSignInFormState } from '../server/sign-in-form-state';

/** The form's words, translated on the server (this island ships no message catalogue). */
export interface SignInFormLabels {
  email: string;
  password: string;
  submit: string;
  submitting: string;
  /** The one generic refusal: never says which part was wrong. */
  failed: string;
  emailRequired: string;
  passwordRequired: string;
}

/**
 * Email + password. A server-action form: it also works with JavaScript off
 * (the browser posts it and the page comes back with the message).
 */
export function SignInForm({
  callbackUrl,
  labels,
}: {
  callbackUrl: string;
  labels: SignInFormLabels;
}) {
  const [state, formAction, pending] = useActionState(signInAction, initialSignInFormState);
  // The action answers which field is missing and whether sign-in failed; the words are the page's.
  return (
    <form action={formAction} noValidate className="vc-stack">
      {state.error ? (
        <Alert tone="error" id="signin-error">
          {labels.failed}
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <TextField
          label={labels.email}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          dir="ltr"
          required
          defaultValue={state.email}
          error={state.fieldErrors.email ? labels.emailRequired : undefined}
        />
        <TextField
          label={labels.password}
          name="password"
          type="password"
          autoComplete="current-password"
          dir="ltr"
          required
          error={state.fieldErrors.password ? labels.passwordRequired : undefined}
        />
      </div>
      <Button type="submit" block disabled={pending}>
        {pending ? labels.submitting : labels.submit}
      </Button>
    </form>
  );
}
