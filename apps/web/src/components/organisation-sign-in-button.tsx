'use client';

import { Button } from '@virtual-care/ui';
import { signIn } from 'next-auth/react';

/** Shown only when OIDC_* is configured: hands off to the organisation's identity provider. */
export function OrganisationSignInButton({
  callbackUrl,
  label,
}: {
  callbackUrl: string;
  /** "Sign in with your organisation", in the page's language. */
  label: string;
}) {
  return (
    <Button variant="secondary" block onClick={() => void signIn('oidc', { callbackUrl })}>
      {label}
    </Button>
  );
}
